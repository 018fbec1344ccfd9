import { describe, expect, it } from "vitest";
import { BASE, call, createUser, signIn } from "../helpers/api";

describe("changing one's own password", () => {
  it("needs the current password, then signs out every other device and keeps this one", async () => {
    const user = await createUser("author");
    const laptop = await signIn(user.email, user.password, { origin: BASE });
    const phone = await signIn(user.email, user.password, { origin: BASE });
    const wrong = await call("POST", "/session/password", { cookie: laptop.cookie, headers: { origin: BASE }, body: { current_password: "nope", new_password: "a-brand-new-password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0].path).toBe("current_password");

    const ok = await call("POST", "/session/password", { cookie: laptop.cookie, headers: { origin: BASE }, body: { current_password: user.password, new_password: "a-brand-new-password" } });
    expect(ok.status).toBe(204);
    const rotated = (ok.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(rotated).toMatch(/^copydesk_session=/);
    expect((await call("GET", "/session", { cookie: phone.cookie })).status).toBe(401);
    expect((await call("GET", "/session", { cookie: laptop.cookie })).status).toBe(401);
    expect((await call("GET", "/session", { cookie: rotated })).status).toBe(200);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await signIn(user.email, "a-brand-new-password")).status).toBe(201);
  });

  it("refuses a short new password, naming the field", async () => {
    const user = await createUser("editor");
    const s = await signIn(user.email, user.password, { origin: BASE });
    const res = await call("POST", "/session/password", { cookie: s.cookie, headers: { origin: BASE }, body: { current_password: user.password, new_password: "short" } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe("new_password");
  });
});
