// Webhooks (admins only): where Copydesk POSTs when the news changes, signed per Standard Webhooks.
// The list says at a glance which are switched off and why; the signing secret is shown once, after
// create or rotate; a test ping and the delivery log (with redelivery) show whether a receiver works.
import { useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import { api } from "../api/client";
import { Modal } from "../components/modal";
import { ActionError, useAction, useLoad } from "../components/page-bits";
import { ErrorNote } from "../components/error-note";
import { SecretOnce } from "../components/secret-once";
import { DeliveryLog, type Awaited } from "../components/webhook-deliveries";
import { useFilterNames } from "../components/webhook-filters";
import { WebhookDialog, type Created } from "../components/webhook-form";
import type { Webhook } from "../api/model";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import "../styles/webhooks.css";

export function WebhooksPage() {
  const { user } = useApp();
  if (!allowed(user.role, "webhooks.manage")) return <p role="alert">Only admins manage webhooks.</p>;
  return <WebhookList />;
}

type Confirm = { kind: "delete" | "rotate"; webhook: Webhook };

function WebhookList() {
  const { config } = useApp();
  const list = useLoad(() => api<{ webhooks: Webhook[] }>("GET", "/webhooks").then((r) => r.webhooks));
  const webhooks = list.data ?? [];
  const names = useFilterNames(webhooks.map((w) => w.filters));
  const [editing, setEditing] = useState<Webhook | "new" | null>(null);
  const [fresh, setFresh] = useState<(Created & { why: "created" | "rotated" }) | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const [awaiting, setAwaiting] = useState<Awaited | null>(null);
  const [note, setNote] = useState("");
  const act = useAction();
  const when = (t: string) => formatInZone(t, config.time_zone, { seconds: true });
  const shownLog = webhooks.find((w) => w.id === logOf) ?? null;

  // Another webhook's log: an event awaited in the previous one is no longer watched for.
  const showLog = (id: string | null) => {
    setAwaiting(null);
    setLogOf(id);
  };
  const ping = (w: Webhook) =>
    void act.run(async () => {
      const r = await api<{ event_id: string }>("POST", `/webhooks/${w.id}/ping`);
      setNote(`Test ping ${r.event_id} sent to ${w.url}.`);
      setLogOf(w.id);
      setAwaiting({ event_id: r.event_id, known: [] });
    });
  const reEnable = (w: Webhook) =>
    void act.run(async () => {
      await api("PATCH", `/webhooks/${w.id}`, { body: { active: true } });
      setNote(`${w.url} is active again.`);
      list.reload();
    });
  const confirmed = (c: Confirm) =>
    void act.run(async () => {
      if (c.kind === "delete") {
        await api("DELETE", `/webhooks/${c.webhook.id}`);
        if (logOf === c.webhook.id) showLog(null);
        setNote(`Webhook ${c.webhook.url} deleted.`);
      } else {
        const r = await api<Created>("POST", `/webhooks/${c.webhook.id}/rotate-secret`);
        setFresh({ ...r, why: "rotated" });
      }
      setConfirm(null);
      list.reload();
    });

  return (
    <section>
      <div class="page-head">
        <h1>Webhooks</h1>
        <button type="button" class="primary" onClick={() => setEditing("new")}>
          New webhook
        </button>
      </div>
      <p class="muted">
        Copydesk POSTs a signed JSON message to each URL when the news changes — for a front-end to revalidate its pages, a search index, a chat channel. Failed
        deliveries are retried with growing pauses; a webhook failing for several events in a row is switched off and says why here.
      </p>
      {fresh && (
        <SecretOnce
          title={`Copy the signing secret of ${fresh.webhook.url} now: it will not be shown again.`}
          values={[{ id: "wh-secret", label: "Signing secret", value: fresh.secret, copyLabel: "Copy secret", copied: "Secret copied." }]}
          onDone={() => setFresh(null)}
        >
          <p>
            {fresh.why === "rotated" ? "The old secret no longer signs anything. " : ""}
            Each delivery carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers as the{" "}
            <a href="https://www.standardwebhooks.com/" rel="noreferrer" target="_blank">
              Standard Webhooks
            </a>{" "}
            specification defines: verify them with this secret and the raw body, e.g. <code>new Webhook(secret).verify(body, headers)</code> with the{" "}
            <code>standardwebhooks</code> library, and use <code>webhook-id</code> to ignore a message you already have.
          </p>
        </SecretOnce>
      )}
      <p class="muted" role="status">
        {note}
      </p>
      <ActionError error={act.error} />
      <ErrorNote error={list.error} />
      {list.data && webhooks.length === 0 && <p class="empty">No webhooks yet.</p>}
      {webhooks.length > 0 && (
        <table class="table webhooks">
          <caption class="sr-only">Webhooks</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Stories</th>
              <th scope="col">State</th>
              <th scope="col">Last delivery</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id} class={w.active ? "" : "disabled"}>
                <td class="wh-url">
                  <code>{w.url}</code>
                  {w.description && <div class="muted">{w.description}</div>}
                  <div class="muted">secret …{w.secret_hint}</div>
                </td>
                <td>
                  <ul class="plain">
                    {w.events.map((e) => (
                      <li key={e}>
                        <code>{e}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{names.describe(w.filters)}</td>
                <td>
                  {w.active ? (
                    <span class="badge published">Active</span>
                  ) : (
                    <div class="disabled-reason" role="note" aria-label={`Why ${w.url} is off`}>
                      <span class="badge off">Switched off</span>
                      {w.disabled_at && <div class="muted">since {when(w.disabled_at)}</div>}
                      <p>{w.disabled_reason ?? "Switched off by an admin."}</p>
                    </div>
                  )}
                  {w.active && w.consecutive_failures > 0 && (
                    <div class="muted">
                      {w.consecutive_failures} of {w.disable_after} failed events in a row
                    </div>
                  )}
                </td>
                <td>
                  {w.last_delivery ? (
                    <>
                      <span class={`badge outcome-${w.last_delivery.outcome}`}>{w.last_delivery.outcome}</span> {w.last_delivery.status_code ?? ""}
                      <div class="muted">{when(w.last_delivery.attempted_at)}</div>
                    </>
                  ) : (
                    <span class="muted">none yet</span>
                  )}
                </td>
                <td>
                  <div class="row-actions">
                    {!w.active && (
                      <button type="button" class="primary" disabled={act.busy} aria-label={`Re-enable webhook ${w.url}`} onClick={() => reEnable(w)}>
                        Re-enable
                      </button>
                    )}
                    {w.active && (
                      <button type="button" disabled={act.busy} aria-label={`Send test ping to ${w.url}`} onClick={() => ping(w)}>
                        Send test ping
                      </button>
                    )}
                    <button type="button" aria-pressed={logOf === w.id} aria-label={`Deliveries of ${w.url}`} onClick={() => showLog(logOf === w.id ? null : w.id)}>
                      Deliveries
                    </button>
                    <button type="button" aria-label={`Edit webhook ${w.url}`} onClick={() => setEditing(w)}>
                      Edit
                    </button>
                    <button type="button" aria-label={`Rotate the secret of ${w.url}`} onClick={() => setConfirm({ kind: "rotate", webhook: w })}>
                      Rotate secret
                    </button>
                    <button type="button" class="danger" aria-label={`Delete webhook ${w.url}`} onClick={() => setConfirm({ kind: "delete", webhook: w })}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shownLog && <DeliveryLog key={shownLog.id} webhook={shownLog} awaiting={awaiting} onAwait={setAwaiting} onNews={list.reload} />}
      {editing && (
        <WebhookDialog
          webhook={editing === "new" ? null : editing}
          sections={names.sections}
          tagName={names.tagName}
          onClose={(changed, created) => {
            setEditing(null);
            if (created) setFresh({ ...created, why: "created" });
            if (changed) list.reload();
          }}
        />
      )}
      {confirm && (
        <Modal title={confirm.kind === "delete" ? `Delete webhook ${confirm.webhook.url}?` : `Rotate the secret of ${confirm.webhook.url}?`} onClose={() => setConfirm(null)}>
          <p>
            {confirm.kind === "delete"
              ? "Nothing more is sent to it, and its delivery log goes with it. Deliveries already queued are dropped."
              : "A new secret signs every delivery from now on; the receiver must be given it, or it will refuse them."}
          </p>
          <ActionError error={act.error} />
          <div class="actions">
            <button type="button" class={confirm.kind === "delete" ? "danger" : "primary"} disabled={act.busy} onClick={() => confirmed(confirm)}>
              {confirm.kind === "delete" ? "Delete webhook" : "Rotate secret"}
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
