// STUB (owned by the WebSub helper): the hubs WEBSUB_HUBS names (http(s) URLs), in order.
export function configuredHubs(_env: Pick<Env, "WEBSUB_HUBS">): string[] {
  return [];
}
