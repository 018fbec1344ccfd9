// The create/edit dialog of a webhook: where it posts, which events, which stories (filters), and
// after how many failed events in a row it is switched off. The API's refusals appear under the
// field they name (errors[].path), the rest above the buttons.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { Section, Webhook, WebhookInput, WebhookWithSecret } from "../api/model";
import { EVENT_NAMES, EVENTS, FIELDS, splitProblem, type Subscribable } from "../lib/webhook-form-logic";
import { Modal } from "./modal";
import { ActionError, useAction } from "./page-bits";
import { FilterFields, type Filters } from "./webhook-filters";

export type Created = WebhookWithSecret;

export function WebhookDialog(p: {
  webhook: Webhook | null;
  sections: Section[];
  tagName: (id: string) => string;
  onClose: (changed: boolean, created?: Created) => void;
}) {
  const w = p.webhook;
  const [url, setUrl] = useState(w?.url ?? "");
  const [description, setDescription] = useState(w?.description ?? "");
  const [events, setEvents] = useState<Subscribable[]>((w?.events.filter((e) => e !== "ping") as Subscribable[] | undefined) ?? ["article.published", "article.updated", "article.unpublished", "article.deleted"]);
  const [filters, setFilters] = useState<Filters>({ section_ids: w?.filters.section_ids ?? [], tag_ids: w?.filters.tag_ids ?? [] });
  const [disableAfter, setDisableAfter] = useState(String(w?.disable_after ?? 5));
  const [active, setActive] = useState(w?.active ?? true);
  const [problem, setProblem] = useState<unknown>(null);
  const act = useAction();
  const { fields, rest } = splitProblem(problem);
  // After a refusal, the first field it names gets the focus (and comes into view).
  useEffect(() => {
    const first = Object.keys(FIELDS).find((f) => fields[f]);
    if (first) document.getElementById(FIELDS[first]!)?.focus();
  }, [problem]);

  const save = (e: Event) => {
    e.preventDefault();
    setProblem(null);
    const body: WebhookInput = {
      url: url.trim(),
      description: description.trim(),
      events: EVENT_NAMES.filter((n) => events.includes(n)),
      filters,
      disable_after: Number(disableAfter),
      // Only a change is sent: saving a disabled webhook's other fields does not switch it back on.
      ...(w && active !== w.active && { active }),
    };
    void act
      .run(async () => {
        try {
          if (w) {
            await api("PATCH", `/webhooks/${w.id}`, { body });
            p.onClose(true);
          } else {
            const r = await api<Created>("POST", "/webhooks", { body });
            p.onClose(true, r);
          }
        } catch (err) {
          setProblem(err);
        }
      })
      .then(() => undefined);
  };
  /** The attributes that tie a control to the error under it. */
  const invalid = (field: string) => (fields[field] ? { "aria-invalid": "true" as const, "aria-describedby": `wh-${field}-error` } : {});
  const error = (field: string) =>
    fields[field] ? (
      <p id={`wh-${field}-error`} class="field-error">
        {fields[field]}
      </p>
    ) : null;

  return (
    <Modal title={w ? `Edit webhook ${w.url}` : "New webhook"} wide onClose={() => p.onClose(false)}>
      <form onSubmit={save} noValidate>
        <label for="wh-url">Payload URL (http or https; receives a POST for each event)</label>
        <input id="wh-url" type="url" required maxLength={2000} value={url} placeholder="https://news.example/api/revalidate" onInput={(e) => setUrl(e.currentTarget.value)} {...invalid("url")} />
        {error("url")}
        <label for="wh-description">Description (optional)</label>
        <input id="wh-description" maxLength={500} value={description} placeholder="e.g. front-end revalidation" onInput={(e) => setDescription(e.currentTarget.value)} {...invalid("description")} />
        {error("description")}
        <fieldset id="wh-events" tabIndex={-1} class="check-group" {...(fields.events && { "aria-describedby": "wh-events-error" })}>
          <legend>Events</legend>
          {EVENT_NAMES.map((name) => (
            <label key={name} class="check event">
              <input
                type="checkbox"
                checked={events.includes(name)}
                aria-describedby={`wh-ev-${name.replace(".", "-")}`}
                onChange={(e) => setEvents(e.currentTarget.checked ? [...events, name] : events.filter((x) => x !== name))}
              />
              <code>{name}</code>
              <small id={`wh-ev-${name.replace(".", "-")}`} class="muted">
                {EVENTS[name]}
              </small>
            </label>
          ))}
          <p class="muted">A test ping (“Send test ping”) is delivered whatever is ticked here.</p>
          {error("events")}
        </fieldset>
        <FilterFields value={filters} onChange={setFilters} sections={p.sections} tagName={p.tagName} sectionError={fields.section_ids} tagError={fields.tag_ids} />
        <label for="wh-disable-after">Switch off after this many failed events in a row (1–100)</label>
        <input id="wh-disable-after" type="number" min={1} max={100} required value={disableAfter} onInput={(e) => setDisableAfter(e.currentTarget.value)} {...invalid("disable_after")} />
        {error("disable_after")}
        {w && (
          <>
            <label class="check">
              <input id="wh-active" type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} {...invalid("active")} />
              Active: events are delivered
            </label>
            {error("active")}
          </>
        )}
        <ActionError error={rest} />
        <div class="actions">
          <button type="submit" class="primary" disabled={act.busy}>
            {w ? "Save" : "Create webhook"}
          </button>
          <button type="button" onClick={() => p.onClose(false)}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
