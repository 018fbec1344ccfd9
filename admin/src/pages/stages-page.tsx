// Editorial stages (admins): rename, add, reorder and remove the stages stories move through before
// publication, and set who may move a story into each. The whole list is saved at once (PUT /stages);
// the server refuses to remove a stage a story is in, naming it. Limits come from the shared rule.
import { allowed } from "@shared/auth/permission-table";
import { STAGE_LIMITS } from "@shared/auth/stages";
import { ROLES } from "@shared/auth/roles";

/** Every role can do what the lowest may (ROLES runs from most rights to fewest). */
const LOWEST_ROLE = ROLES[ROLES.length - 1];
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { Role, Stage } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { ActionError, useAction, useLoad } from "../components/page-bits";
import { ReorderList } from "../components/reorder-list";
import { useApp } from "../lib/app-context";
import { slugify } from "../lib/slug";
import { fetchStages } from "../lib/stages";

type Row = Stage & { isNew: boolean };

export function StagesPage() {
  const { user } = useApp();
  const loaded = useLoad(() => fetchStages(true));
  const [rows, setRows] = useState<Row[]>([]);
  const [name, setName] = useState("");
  const [saved, setSaved] = useState(false);
  const act = useAction();
  useEffect(() => {
    if (loaded.data) setRows(loaded.data.map((s) => ({ ...s, isNew: false })));
  }, [loaded.data]);
  if (!allowed(user.role, "stages.manage")) return <p role="alert">Only admins change the editorial stages.</p>;

  const edit = (i: number, patch: Partial<Row>) => (setSaved(false), setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))));
  const add = (e: Event) => {
    e.preventDefault();
    const id = slugify(name).slice(0, STAGE_LIMITS.id) || `stage-${rows.length + 1}`;
    setRows([...rows, { id, name: name.trim(), enter_role: "editor", isNew: true }]);
    setName("");
    setSaved(false);
  };
  // The rows become the server's answer, not a reload: a reload landing after the admin's next edit
  // (a removal made while it ran) would put the old list back over it. An edit made while the save
  // itself ran is kept too; the shared list other pages read is refreshed.
  const save = () => {
    const sent = rows;
    void act.run(async () => {
      const { stages } = await api<{ stages: Stage[] }>("PUT", "/stages", { body: { stages: sent.map(({ id, name, enter_role }) => ({ id, name, enter_role })) } });
      setRows((now) => (now === sent ? stages.map((st) => ({ ...st, isNew: false })) : now));
      setSaved(true);
      void fetchStages(true);
    });
  };

  return (
    <section class="stages-page">
      <div class="page-head">
        <h1>Editorial stages</h1>
      </div>
      <p class="muted">
        Stories move through these stages, in this order, before they are published. New stories start in the first; “Submit for editing” moves a story to the second. A
        move needs the role named for both the stage a story leaves and the one it enters.
      </p>
      <ErrorNote error={loaded.error} />
      {loaded.data && (
        <>
          <ReorderList
            items={rows}
            label="Stages, in order"
            itemLabel={(r) => r.name || r.id}
            itemKey={(r) => r.id}
            onChange={(next) => (setSaved(false), setRows(next))}
            onRemove={rows.length > STAGE_LIMITS.min ? (i) => (setSaved(false), setRows(rows.filter((_, j) => j !== i))) : undefined}
            render={(r, i) => (
              <div class="stage-row">
                <div class="field">
                  <label for={`stage-name-${i}`}>Name</label>
                  <input id={`stage-name-${i}`} required maxLength={STAGE_LIMITS.name} value={r.name} onInput={(e) => edit(i, { name: e.currentTarget.value })} />
                </div>
                <div class="field">
                  <label for={`stage-role-${i}`}>Who may move stories in or out</label>
                  <select id={`stage-role-${i}`} value={r.enter_role} onChange={(e) => edit(i, { enter_role: e.currentTarget.value as Role })}>
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role === LOWEST_ROLE ? "Everyone (contributor and up)" : `${role[0]!.toUpperCase()}${role.slice(1)} and up`}
                      </option>
                    ))}
                  </select>
                </div>
                <p class="muted stage-id">
                  id <code>{r.id}</code>
                  {r.isNew && " (new)"}
                </p>
              </div>
            )}
          />
          {rows.length < STAGE_LIMITS.max && (
            <form class="add-stage" onSubmit={add}>
              <div class="field">
                <label for="new-stage">New stage</label>
                <input id="new-stage" required maxLength={STAGE_LIMITS.name} value={name} onInput={(e) => setName(e.currentTarget.value)} />
              </div>
              <button type="submit">Add stage</button>
            </form>
          )}
          <ActionError error={act.error} />
          {saved && <p role="status">Stages saved.</p>}
          <div class="actions">
            <button type="button" class="primary" disabled={act.busy} onClick={save}>
              Save stages
            </button>
          </div>
        </>
      )}
    </section>
  );
}
