// Local demo accounts. These exist only in the local D1 that `npm start` seeds; production gets its
// first admin through `npm run create-admin -- --remote` (see README), never from this file.
import type { Role } from "../../src/db/schema";

export const DEMO_PASSWORD = "copydesk-demo-password";

export const demoAccounts: { email: string; name: string; role: Role; contributor?: string }[] = [
  { email: "admin@copydesk.example", name: "Ada Admin", role: "admin" },
  { email: "editor@copydesk.example", name: "Eli Editor", role: "editor" },
  { email: "author@copydesk.example", name: "Ilona Marchuk", role: "author", contributor: "ilona-marchuk" },
  { email: "contributor@copydesk.example", name: "Casey Contributor", role: "contributor" },
];
