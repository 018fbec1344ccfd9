// Uploads go to POST /media as multipart (file + alt, caption, credit); the server decides the
// type from the bytes. Images are shown from the Worker's own /media/{id}, same origin.
import { api } from "../api/client";
import type { Media } from "../api/types";

export async function uploadMedia(file: File, text: { alt: string; caption: string; credit: string }): Promise<Media> {
  const form = new FormData();
  form.set("file", file, file.name);
  form.set("alt", text.alt);
  if (text.caption) form.set("caption", text.caption);
  if (text.credit) form.set("credit", text.credit);
  return (await api<{ media: Media }>("POST", "/media", { body: form })).media;
}

export const mediaUrl = (id: string) => `/media/${encodeURIComponent(id)}`;

export const isHttpUrl = (s: string) => {
  try {
    return ["http:", "https:"].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};
