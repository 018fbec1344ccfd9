import type { Context } from "hono";
import { AppError } from "../lib/errors";

export const MAX_JSON_BYTES = 1024 * 1024;

/** Reads a JSON body with a hard size cap; malformed or non-JSON bodies become 400/413/415. */
export async function readJson(c: Context, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const buf = await c.req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw tooLarge(maxBytes);
  const text = new TextDecoder().decode(buf);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError("invalid_json", `The body is not valid JSON: ${(e as Error).message}`);
  }
  const broken = findLoneSurrogate(value, "");
  if (broken !== null) {
    // D1 stores UTF-8, where a lone surrogate cannot exist: it would silently become U+FFFD.
    throw new AppError("validation_failed", "Text contains an invalid Unicode character (a lone surrogate).", {
      errors: [{ path: broken || "(root)", message: "Not valid Unicode text." }],
    });
  }
  return value;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The dotted path of the first string (or key) holding a lone surrogate, or null. Iterative: input depth is hostile. */
function findLoneSurrogate(root: unknown, rootPath: string): string | null {
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

const tooLarge = (max: number) => new AppError("payload_too_large", `The body is larger than ${max} bytes.`);
