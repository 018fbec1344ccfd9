// What an admin sends to create or change a webhook. The URL's target rules need the environment,
// so they run in the domain (src/webhooks/domain.ts), as do the checks that filtered ids exist.
import * as v from "valibot";
import { EVENT_TYPES } from "../outbox/events";
import { URL_MAX } from "../http/outbound-target";

export const FILTER_IDS_MAX = 50;
export const DESCRIPTION_MAX = 500;
export const DISABLE_AFTER_MAX = 100;

const unique = <T>(list: T[]) => [...new Set(list)];

const Url = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "Enter the URL deliveries are POSTed to."),
  v.maxLength(URL_MAX, `At most ${URL_MAX} characters.`),
  v.description("Where deliveries are POSTed: http(s); in production not a private, loopback or link-local address."),
);

const Events = v.pipe(
  v.array(v.picklist(EVENT_TYPES, `Use one of: ${EVENT_TYPES.join(", ")}.`)),
  v.minLength(1, "Pick at least one event."),
  v.maxLength(EVENT_TYPES.length * 2, "Name each event once."),
  v.description("Event types delivered (duplicates are dropped). `ping` is always delivered to the webhook it was sent to, subscribed or not."),
  v.transform(unique),
);

const IdList = (what: string) =>
  v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(64, "Not an id."))),
    v.maxLength(FILTER_IDS_MAX, `At most ${FILTER_IDS_MAX} ${what}.`),
    v.transform(unique),
  );

const Filters = v.pipe(
  v.object({
    section_ids: v.optional(IdList("sections"), []),
    tag_ids: v.optional(IdList("tags"), []),
  }),
  v.description(
    "Article events are delivered when the story is in one of `section_ids` (empty: any) AND carries one of `tag_ids` (empty: any); `section.updated` and `tag.updated` when the section or tag is listed (empty: any). Other events ignore filters.",
  ),
);

const Description = v.pipe(v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters.`))), v.transform((d) => d ?? ""));

const DisableAfter = v.pipe(
  v.number(),
  v.integer("Use a whole number."),
  v.minValue(1, `Use a whole number from 1 to ${DISABLE_AFTER_MAX}.`),
  v.maxValue(DISABLE_AFTER_MAX, `Use a whole number from 1 to ${DISABLE_AFTER_MAX}.`),
  v.description("Consecutive events that fail for good (every retry spent) before the webhook is switched off."),
);

const Active = v.pipe(v.boolean(), v.description("Inactive webhooks get nothing. `true` on a disabled webhook turns it back on and clears its failure count and reason."));

export const WebhookCreate = v.object({
  url: Url,
  events: Events,
  filters: v.optional(Filters, {}),
  description: v.optional(Description, ""),
  active: v.optional(Active, true),
  disable_after: v.optional(DisableAfter, 5),
});

export const WebhookUpdate = v.object({
  url: v.optional(Url),
  events: v.optional(Events),
  filters: v.optional(Filters),
  description: v.optional(Description),
  active: v.optional(Active),
  disable_after: v.optional(DisableAfter),
});

export type WebhookCreateInput = v.InferOutput<typeof WebhookCreate>;
export type WebhookUpdateInput = v.InferOutput<typeof WebhookUpdate>;
