// Which request an audit entry came from. Behind Cloudflare every request carries `cf-ray`, the id
// Cloudflare's own logs and support use: storing it lets an admin match an entry to those logs. Where
// there is none (local development, tests, a request that skipped the edge) a fresh id of ours stands
// in, so entries written by one request still share one id.
import { newId } from "../lib/ids";

const RAY = /^[A-Za-z0-9-]{1,64}$/;

export function requestIdOf(req: Request): string {
  const ray = req.headers.get("cf-ray");
  // A header is client-controlled off the edge: keep only the shape a ray has.
  return ray && RAY.test(ray) ? ray : newId("req");
}
