// The media library from the admin: browse and search (GET /media), edit an image's text, and
// upload (multipart POST /media; the server decides the type from the bytes). Uploads go through
// XMLHttpRequest because fetch reports no upload progress. Images are shown from the Worker's own
// /media/{id}, same origin.
import { api, API_BASE, ApiError, qs, type Problem } from "../api/client";
import type { Media } from "../api/model";
import { imageFileProblem } from "./image-files";
/** The API's search term limit (src/lib/like.ts): 48 bytes of UTF-8, each %, _ and \ counting twice. */
export const SEARCH_MAX_BYTES = 48;

/** Whether a search term fits the API's limit (measured as the server will measure it). */
export const searchFits = (q: string) => new TextEncoder().encode(q.trim().replace(/[\\%_]/g, "\\$&")).byteLength <= SEARCH_MAX_BYTES;

export interface UploadText {
  alt: string;
  caption: string;
  credit: string;
}

export interface UploadOptions {
  /** 0–1 as the bytes leave the browser. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export function uploadMedia(file: File, text: UploadText, opts: UploadOptions = {}): Promise<Media> {
  const refusal = imageFileProblem(file);
  if (refusal) return Promise.reject(new ApiError({ status: 0, code: "refused_before_sending", detail: refusal }));
  const form = new FormData();
  form.set("file", file, file.name);
  form.set("alt", text.alt);
  if (text.caption) form.set("caption", text.caption);
  if (text.credit) form.set("credit", text.credit);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${API_BASE}/media`);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && opts.onProgress?.(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError({ status: 0, code: "network", detail: "The server could not be reached. Check your connection and upload again." }));
    xhr.onabort = () => reject(new DOMException("Upload cancelled.", "AbortError"));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status === 201 && json) return resolve((json as { media: Media }).media);
      const problem: Problem = json && typeof json === "object" ? { status: xhr.status, ...(json as object) } : { status: xhr.status, detail: `The server answered ${xhr.status}.` };
      // A session that ended: let the shared client see a 401 too, so the sign-in dialog opens.
      if (xhr.status === 401) void api("GET", "/session").catch(() => undefined);
      reject(new ApiError(problem));
    };
    opts.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}

export interface MediaPage {
  media: Media[];
  next_cursor: string | null;
}

export const listMedia = (q: string, cursor: string | null, limit = 30) => api<MediaPage>("GET", `/media${qs({ q: q.trim(), cursor, limit })}`);
export const getMedia = async (id: string) => (await api<{ media: Media }>("GET", `/media/${encodeURIComponent(id)}`)).media;
export const updateMediaText = async (id: string, text: { alt: string; caption: string | null; credit: string | null }) =>
  (await api<{ media: Media }>("PATCH", `/media/${encodeURIComponent(id)}`, { body: text })).media;
export const deleteMedia = (id: string) => api<void>("DELETE", `/media/${encodeURIComponent(id)}`);

export const mediaUrl = (id: string) => `/media/${encodeURIComponent(id)}`;

export const isHttpUrl = (s: string) => {
  try {
    return ["http:", "https:"].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};
