// One webhook's delivery log, newest first, a page at a time: every attempt with its time (in the
// newsroom's zone), the receiver's status code, how long it took, the error, and the outcome; each
// event can be sent again ("Redeliver", a fresh attempt of the same event, same webhook-id).
// After a ping or a redelivery the log is read again every second and a half until that event
// shows up (deliveries go through the queue, so they land a moment after the click).
import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api/client";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import { ErrorNote } from "./error-note";
import { ActionError, useAction } from "./page-bits";
import type { Webhook, WebhookDelivery, WebhookDeliveryPage } from "../api/model";

const PAGE = 20;
const POLL_MS = 1500;
const POLL_FOR_MS = 60_000;

/** An event just sent, and the attempts of it already listed then: a new one is what we wait for. */
export interface Awaited {
  event_id: string;
  known: string[];
}

const OUTCOMES: Record<WebhookDelivery["outcome"], string> = { delivered: "Delivered", failed: "Failed", dead: "Gave up" };

export function DeliveryLog(p: {
  webhook: Webhook;
  /** An event just sent (ping, redelivery): the log polls until an attempt of it is listed. */
  awaiting: Awaited | null;
  onAwait: (a: Awaited | null) => void;
  /** Something new arrived: the webhook list's "last delivery" is stale. */
  onNews: () => void;
}) {
  const { config } = useApp();
  const [rows, setRows] = useState<WebhookDelivery[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  const [note, setNote] = useState("");
  const act = useAction();
  const reload = () => setN((x) => x + 1);
  const path = `/webhooks/${p.webhook.id}/deliveries`;

  // The first page, on open, on "Refresh", and on each poll.
  useEffect(() => {
    let live = true;
    api<WebhookDeliveryPage>("GET", path + qs({ limit: PAGE })).then(
      (r) => {
        if (!live) return;
        setRows(r.deliveries);
        setCursor(r.next_cursor);
        setError(null);
        const a = p.awaiting;
        if (a && r.deliveries.some((d) => d.event_id === a.event_id && !a.known.includes(d.id))) {
          p.onAwait(null);
          p.onNews();
        }
      },
      (e) => live && setError(e),
    );
    return () => void (live = false);
  }, [p.webhook.id, n]);

  useEffect(() => {
    if (!p.awaiting) return;
    const started = Date.now();
    const t = setInterval(() => (Date.now() - started > POLL_FOR_MS ? p.onAwait(null) : reload()), POLL_MS);
    return () => clearInterval(t);
  }, [p.awaiting]);

  const more = () =>
    void act.run(async () => {
      const r = await api<WebhookDeliveryPage>("GET", path + qs({ limit: PAGE, cursor }));
      setRows((old) => [...old, ...r.deliveries]);
      setCursor(r.next_cursor);
    });
  const redeliver = (d: WebhookDelivery) =>
    void act.run(async () => {
      const r = await api<{ event_id: string }>("POST", `${path}/${d.id}/redeliver`);
      setNote(`${d.event_type} ${r.event_id} queued again.`);
      p.onAwait({ event_id: r.event_id, known: rows.filter((x) => x.event_id === r.event_id).map((x) => x.id) });
    });
  const when = (t: string) => formatInZone(t, config.time_zone, { seconds: true });

  return (
    <section class="webhook-log" aria-labelledby="wh-log-title">
      <div class="page-head">
        <h2 id="wh-log-title">Deliveries to {p.webhook.url}</h2>
        <button type="button" onClick={reload}>
          Refresh log
        </button>
      </div>
      <p class="muted" role="status">
        {p.awaiting ? `Waiting for an attempt of ${p.awaiting.event_id}…` : note}
      </p>
      <ErrorNote error={error} />
      <ActionError error={act.error} />
      {rows.length === 0 && !error ? (
        <p class="empty">No deliveries yet. “Send test ping” sends one.</p>
      ) : (
        <table class="table">
          <caption class="sr-only">Delivery attempts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Attempt</th>
              <th scope="col">Time</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
              <th scope="col">Outcome</th>
              <th scope="col">Error</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <td>
                  <code>{d.event_type}</code>
                  <br />
                  <small class="muted">{d.event_id}</small>
                </td>
                <td>{d.attempt}</td>
                <td>{when(d.attempted_at)}</td>
                <td>{d.status_code ?? "—"}</td>
                <td>{d.latency_ms === null ? "—" : `${d.latency_ms} ms`}</td>
                <td>
                  <span class={`badge outcome-${d.outcome}`}>{OUTCOMES[d.outcome]}</span>
                </td>
                <td class="wh-error">{d.error ?? ""}</td>
                <td>
                  <button type="button" disabled={act.busy} aria-label={`Redeliver ${d.event_type} ${d.event_id} (attempt ${d.attempt})`} onClick={() => redeliver(d)}>
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" disabled={act.busy} onClick={more}>
          Older deliveries
        </button>
      )}
    </section>
  );
}
