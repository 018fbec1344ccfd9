// The stage rule (src/auth/stages.ts) that both the API and the admin apply: a move needs the role to
// be at least the enter_role of BOTH stages. Pure, so every role × move is checked here in one pass;
// tests/api/workflow-stages.test.ts checks that the endpoint applies exactly this.
import { describe, expect, it } from "vitest";
import { mayMoveStage, stageMoveDenial, stageMoves, type StageDef } from "../../src/auth/stages";
import { ROLES, type Role } from "../../src/auth/roles";

const DEFAULT: StageDef[] = [
  { id: "draft", name: "Draft", enter_role: "contributor" },
  { id: "editing", name: "Editing", enter_role: "contributor" },
  { id: "ready", name: "Ready", enter_role: "editor" },
];
const ids = DEFAULT.map((s) => s.id);

/** Every move the role may make from each stage, as "from→to". */
const movesOf = (role: Role, stages: StageDef[]) => stages.flatMap((a) => stageMoves(role, a.id, stages).map((b) => `${a.id}→${b.id}`));

describe("mayMoveStage with the default stages", () => {
  it("lets contributors and authors move between draft and editing only, never into or out of ready", () => {
    for (const role of ["contributor", "author"] as const) {
      expect(movesOf(role, DEFAULT), role).toEqual(["draft→editing", "editing→draft"]);
    }
  });

  it("lets editors and admins make every move", () => {
    const all = ids.flatMap((a) => ids.filter((b) => b !== a).map((b) => `${a}→${b}`));
    for (const role of ["editor", "admin"] as const) expect(movesOf(role, DEFAULT), role).toEqual(all);
  });

  it("is false for a stage that does not exist, at either end, and for staying put", () => {
    for (const role of ROLES) {
      expect(mayMoveStage(role, "draft", "nowhere", DEFAULT)).toBe(false);
      expect(mayMoveStage(role, "nowhere", "draft", DEFAULT)).toBe(false);
      expect(mayMoveStage(role, "draft", "draft", DEFAULT)).toBe(false);
    }
  });
});

describe("the rule follows the newsroom's configuration", () => {
  it("guards editing too once an admin raises its enter_role to author", () => {
    const stages = DEFAULT.map((s) => (s.id === "editing" ? { ...s, enter_role: "author" as const } : s));
    expect(movesOf("contributor", stages)).toEqual([]);
    expect(movesOf("author", stages)).toEqual(["draft→editing", "editing→draft"]);
  });

  it("opens ready to contributors once its enter_role is lowered, in the configured order", () => {
    const stages: StageDef[] = [DEFAULT[0]!, { id: "legal", name: "Legal", enter_role: "admin" }, { ...DEFAULT[2]!, enter_role: "contributor" }, DEFAULT[1]!];
    expect(stageMoves("contributor", "draft", stages).map((s) => s.id)).toEqual(["ready", "editing"]);
    expect(mayMoveStage("editor", "draft", "legal", stages)).toBe(false);
    expect(mayMoveStage("admin", "legal", "ready", stages)).toBe(true);
  });
});

describe("stageMoveDenial", () => {
  it("names the stage that guards the move and the role it needs", () => {
    expect(stageMoveDenial("contributor", "editing", "ready", DEFAULT)).toMatch(/“Ready”.*editor/);
    expect(stageMoveDenial("author", "ready", "draft", DEFAULT)).toMatch(/“Ready”.*editor/);
  });

  it("is null for an allowed move and for staying put", () => {
    expect(stageMoveDenial("contributor", "draft", "editing", DEFAULT)).toBeNull();
    expect(stageMoveDenial("contributor", "ready", "ready", DEFAULT)).toBeNull();
  });
});
