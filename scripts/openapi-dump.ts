// Writes both OpenAPI documents to .openapi/ (git-ignored) exactly as the Worker builds them, so
// `redocly lint` and the admin's type generator read the same thing clients fetch.
import { mkdirSync, writeFileSync } from "node:fs";
import { editorialDocument } from "../src/editorial/openapi";
import { publicDocument } from "../src/public";

mkdirSync(".openapi", { recursive: true });
writeFileSync(".openapi/editorial.json", `${JSON.stringify(editorialDocument(), null, 1)}\n`);
writeFileSync(".openapi/content.json", `${JSON.stringify(publicDocument(), null, 1)}\n`);
console.log("wrote .openapi/editorial.json and .openapi/content.json");
