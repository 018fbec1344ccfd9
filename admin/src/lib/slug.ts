// The server's own slug rules, imported rather than copied, so the slug shown while typing a
// headline is exactly the one the API derives. src/lib/slug.ts is pure and runs in the browser.
export { slugify, SLUG_PATTERN } from "../../../src/lib/slug";
