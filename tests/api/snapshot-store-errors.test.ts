// loadSnapshotOrNull drops a detail only when the object is missing (logged, answered without it),
// never when no bucket is bound: that is a deploy to fix, and a webhook relayed without its article
// would never be retried.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadSnapshotOrNull } from "../../src/articles/snapshot-store";
import { createDb } from "../../src/db/client";

const archived = { snapshot: { r2: true }, snapshotKey: "snapshots/0000000000000000000000000000000000000000000000000000000000000000" };

describe("reading an archived snapshot that cannot be read", () => {
  it("is null when the object is missing from the bucket", async () => {
    expect(await loadSnapshotOrNull(createDb(env.DB, env.MEDIA), archived)).toBeNull();
  });

  it("fails (misconfigured) when no bucket is bound", async () => {
    await expect(loadSnapshotOrNull(createDb(env.DB), archived)).rejects.toMatchObject({ code: "misconfigured" });
  });
});
