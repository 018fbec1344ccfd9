import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { constraintProblem } from "../db/constraint-errors";
import { AppError, toProblem } from "../lib/errors";
import { databaseUnavailable, isD1Unavailable } from "../cache/d1-availability";

export function problemResponse(err: AppError, instance?: string): Response {
  const headers = new Headers({ "content-type": "application/problem+json; charset=utf-8", ...err.extra.headers });
  return new Response(JSON.stringify(toProblem(err, instance)), { status: err.status, headers });
}

/** The single onError: known errors become problem+json; anything else is logged and a bare 500. */
export function handleError(err: Error, c: Context): Response {
  const instance = new URL(c.req.url).pathname;
  if (err instanceof AppError) return problemResponse(err, instance);
  // D1 did not answer: a 503 to retry, not our 500. A write's batch is atomic, so nothing was
  // changed and the same request (the same If-Match) can be sent again. SQL and constraint errors
  // are not matched here: they are the statement's fault.
  if (isD1Unavailable(err)) {
    console.warn("database unavailable", c.req.method, instance, err.message);
    return problemResponse(databaseUnavailable(), instance);
  }
  // A unique index lost a race (or any constraint no domain function mapped): the client's 409, not our 500.
  const conflict = constraintProblem(err);
  if (conflict) return problemResponse(conflict, instance);
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? "payload_too_large" : err.status === 401 ? "unauthorized" : err.status === 403 ? "forbidden" : null;
    if (code) return problemResponse(new AppError(code, err.message || "Refused."), instance);
  }
  console.error("unhandled error", c.req.method, instance, err);
  return problemResponse(new AppError("internal", "Something went wrong on our side."), instance);
}
