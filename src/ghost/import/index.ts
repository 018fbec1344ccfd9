// The Ghost import's use-cases (takes a db, never a request): start, posts in chunks, finish, report.
export { startImport, type Plan } from "./plan";
export { importPosts, type PostResult } from "./posts";
export { finishImport, importReport, reportText, REPORT_NOTES_MAX, type Report } from "./finish";
export { loadImport, ENTITIES, OUTCOMES, type ImportState } from "./state";
export type { ImageDeps } from "./images";
