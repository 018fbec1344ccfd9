// STUB (owned by the WebSub helper): one publish ping to one hub for one feed URL.
import type { Outcome, WebSubMessage } from "../delivery/messages";

export async function pingHub(_env: Env, _msg: WebSubMessage, _attempts: number): Promise<Outcome> {
  return "done";
}

export async function deadWebSub(_msg: WebSubMessage): Promise<void> {}
