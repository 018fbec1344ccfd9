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
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("invalid_json", `The body is not valid JSON: ${(e as Error).message}`);
  }
}

const tooLarge = (max: number) => new AppError("payload_too_large", `The body is larger than ${max} bytes.`);
