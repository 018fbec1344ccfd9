// `npm run create-admin -- --email you@newsroom.example --name "Your Name" [--remote]`
// Creates (or resets the password of) an admin straight in D1 through wrangler. There is no setup
// endpoint on the Worker, so no first visitor can claim a fresh deployment. The password is read
// from COPYDESK_ADMIN_PASSWORD or typed at a hidden prompt; it never appears in argv or history.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hashPassword } from "../src/auth/password";
import { newId } from "../src/lib/ids";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, remote: { type: "boolean", default: false } } });
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error("Pass --email with a valid address.");
const name = values.name?.trim() || email.split("@")[0]!;

const password = process.env.COPYDESK_ADMIN_PASSWORD ?? (await promptHidden("Password for the new admin (12+ characters): "));
if (password.length < 12) throw new Error("Use a password of at least 12 characters.");

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const hash = await hashPassword(password);
const sql = `INSERT INTO users (id, email, name, role, password_hash) VALUES (${q(newId("usr"))}, ${q(email)}, ${q(name)}, 'admin', ${q(hash)})
ON CONFLICT(email) DO UPDATE SET role = 'admin', password_hash = excluded.password_hash, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now');
DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = ${q(email)});`;

// A file rather than --command keeps the hash out of the process list.
const dir = mkdtempSync(join(tmpdir(), "copydesk-admin-"));
try {
  writeFileSync(join(dir, "admin.sql"), sql, { mode: 0o600 });
  execFileSync("wrangler", ["d1", "execute", "DB", values.remote ? "--remote" : "--local", "--file", join(dir, "admin.sql")], { stdio: "inherit" });
  console.log(`Admin ${email} is ready (${values.remote ? "remote" : "local"} D1).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("No terminal: set COPYDESK_ADMIN_PASSWORD instead.");
  process.stdout.write(question);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  let input = "";
  return new Promise((resolve) => {
    process.stdin.on("data", (chunk) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdout.write("\n");
          return resolve(input);
        }
        if (ch === "\u0003") process.exit(130);
        input = ch === "\u007f" ? input.slice(0, -1) : input + ch;
      }
    });
  });
}
