// Where a preview link points: the front-end's preview page when PREVIEW_URL_PATTERN names one
// (it fetches the content API's preview itself and renders it), else the content API's answer.
import { AppError } from "../lib/errors";
import { workerOrigin } from "../lib/urls";

export const PREVIEW_PATH = "/api/content/v1/preview";

/**
 * The link builder for this deployment, checked before any link is made: a pattern without the
 * token would hand out links that open nothing, silently, so it is refused (503) instead.
 */
export function previewUrlBuilder(env: { PREVIEW_URL_PATTERN?: string; PUBLIC_API_ORIGIN?: string }, requestUrl: string): (token: string) => string {
  const pattern = env.PREVIEW_URL_PATTERN?.trim();
  if (!pattern) return (token) => `${workerOrigin(env, requestUrl)}${PREVIEW_PATH}/${token}`;
  if (!pattern.includes("{token}")) throw new AppError("misconfigured", "PREVIEW_URL_PATTERN must contain {token}, e.g. https://news.example/preview?token={token}.");
  // The token is base64url: safe as it is in a path or a query.
  return (token) => pattern.replaceAll("{token}", token);
}
