import { deflateSync } from "node:zlib";
import { encodeSolidPng } from "../../../src/media/png-encode";

/** A real PNG for the upload field (the server checks the bytes, not the name). */
export async function pngFile(name = "repair-hub.png") {
  const bytes = await encodeSolidPng(320, 200, [40, 60, 90], async (b) => new Uint8Array(deflateSync(b)), [230, 180, 40]);
  return { name, mimeType: "image/png", buffer: Buffer.from(bytes) };
}
