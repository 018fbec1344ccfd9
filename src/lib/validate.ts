import * as v from "valibot";
import { AppError, type FieldIssue } from "./errors";

/** Valibot issues as `{path, message}` with dotted paths such as `bylines.1.contributor`. */
export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ""): FieldIssue[] {
  return issues.map((issue) => {
    const dot = v.getDotPath(issue);
    const path = [prefix, dot].filter(Boolean).join(".");
    return { path: path || "(root)", message: issue.message };
  });
}

/** Parse or throw a 400 problem that names every offending field. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown, prefix = ""): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const errors = toFieldIssues(result.issues, prefix);
  throw new AppError("validation_failed", `Invalid ${errors.map((e) => e.path).join(", ")}.`, { errors });
}
