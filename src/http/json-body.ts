import type { Context } from "hono";
import { AppError } from "../lib/errors";

export const MAX_JSON_BYTES = 1024 * 1024;

/** Refuses anything but application/json (or a +json type) with 415. */
export function assertJsonType(c: Context) {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
}

/**
 * The request body as a stream that fails with 413 as soon as more than `maxBytes` have arrived.
 * A declared Content-Length over the limit is refused before reading; a chunked body (no length)
 * is counted as it streams, so an endless upload costs at most `maxBytes` of reading, never a
 * buffer of its whole size.
 */
export function limitedBody(c: Context, maxBytes: number): ReadableStream<Uint8Array> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const body = c.req.raw.body;
  if (!body) return new ReadableStream({ start: (ctl) => ctl.close() });
  return body.pipeThrough(byteLimit(maxBytes, tooLarge));
}

/** A pass-through that errors with `error(max)` once more than `max` bytes went through it. */
export function byteLimit(max: number, error: (max: number) => Error): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, ctl) {
      seen += chunk.byteLength;
      if (seen > max) throw error(max);
      ctl.enqueue(chunk);
    },
  });
}

/** Reads a JSON body with a hard size cap; malformed or non-JSON bodies become 400/413/415. */
export async function readJson(c: Context, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  assertJsonType(c);
  // The limit applies while the body streams in; Response collects what got through.
  const buf = new Uint8Array(await new Response(limitedBody(c, maxBytes)).arrayBuffer());
  const text = new TextDecoder().decode(buf);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError("invalid_json", `The body is not valid JSON: ${(e as Error).message}`);
  }
  // Every body this API takes is an object. Valibot's object schema lets an array through (it is an
  // object to JavaScript), so `[]` would pass as "no fields": refuse anything else here, once.
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new AppError("validation_failed", "The body must be a JSON object.", { errors: [{ path: "(root)", message: "Send a JSON object." }] });
  }
  const broken = findLoneSurrogate(value, "");
  if (broken !== null) throw loneSurrogate(broken);
  return value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** D1 stores UTF-8, where a lone surrogate cannot exist: it would silently become U+FFFD. */
export const loneSurrogate = (path: string) =>
  new AppError("validation_failed", "Text contains an invalid Unicode character (a lone surrogate).", {
    errors: [{ path: path || "(root)", message: "Not valid Unicode text." }],
  });

/** The dotted path of the first string (or key) holding a lone surrogate, or null. Iterative: input depth is hostile. */
export function findLoneSurrogate(root: unknown, rootPath: string): string | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return path;
    } else if (value && typeof value === "object") {
      for (const [k, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${k}` : k;
        if (LONE_SURROGATE.test(k)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

export const tooLarge = (max: number) => new AppError("payload_too_large", `The body is larger than ${max} bytes.`);
