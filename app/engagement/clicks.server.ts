// Real clicks on message links (issue 17 item 1, docs/engagement.md "Clicks"): the storefront beacon
// (app/routes/proxy.click.tsx) and our redirect (app/routes/l.$ref.tsx) both end here. A ref is counted once per
// source (clicks is unique per recipient and source) and recipients.clicked_at becomes the earliest real click,
// only ever moving earlier — the same rule attribution's order-based write follows, so neither overwrites the
// other with a later time. Bots and link previewers, unknown ids, forged tags, refs of another shop and messages
// never sent are dropped without an error: a click is a signal, and whoever forges one learns nothing.
import { pool } from "../db.server";
import { errorMessage, logger } from "../lib/logger.server";
import { parseRecipientRef } from "../attribution/ref";
import { RECIPIENT_KINDS, refreshAfterReceipts } from "./follow-up.server";
import { verifyLinkTag } from "./link-ref.server";
import { isBot, uaClass } from "./user-agent";

export type ClickSource = "proxy" | "redirect";

export interface ClickRef {
  /** the recipient id in decimal (the link's `r`) */
  recipientId: string | bigint;
  /** its signature (the link's `rk`, or the tag of the short ref) */
  tag: string | null | undefined;
  source: ClickSource;
  userAgent: string | null | undefined;
  at?: Date;
}

export interface RecordedClicks {
  /** new click rows (a ref already counted for that source adds none) */
  recorded: number;
  /** recipients whose clicked_at moved (earlier, or from nothing) */
  firstClicks: number;
}

// One statement for the batch: the refs resolved inside the shop (sent messages only — a queued, excluded or
// holdout row was never delivered, so it has no link to click), one row per recipient and source (an earlier
// time wins on conflict), and clicked_at moved to the earliest.
const RECORD_SQL = `
WITH input AS (
  SELECT DISTINCT ON (i.recipient_id, i.source) i.recipient_id, i.source, i.ua_class, i.at
  FROM unnest($2::bigint[], $3::"ClickSource"[], $4::text[], $5::timestamptz[]) AS i(recipient_id, source, ua_class, at)
  ORDER BY i.recipient_id, i.source, i.at
),
resolved AS (
  SELECT r.id, r.customer_id, r.campaign_id, i.source, i.ua_class, greatest(i.at, r.sent_at) AS at
  FROM input i JOIN recipients r ON r.id = i.recipient_id
  WHERE r.shop_id = $1 AND r.sent_at IS NOT NULL AND r."group" <> 'holdout'
),
inserted AS (
  INSERT INTO clicks (shop_id, recipient_id, customer_id, campaign_id, source, ua_class, at)
  SELECT $1, id, customer_id, campaign_id, source, ua_class, at FROM resolved
  ON CONFLICT (recipient_id, source) DO UPDATE SET at = EXCLUDED.at WHERE clicks.at > EXCLUDED.at
  RETURNING (xmax = 0) AS fresh
),
first_click AS (SELECT id, min(at) AS at FROM resolved GROUP BY id),
moved AS (
  UPDATE recipients r SET clicked_at = f.at
  FROM first_click f
  WHERE r.id = f.id AND r.shop_id = $1 AND (r.clicked_at IS NULL OR r.clicked_at > f.at)
  RETURNING r.id::text
)
SELECT (SELECT count(*)::int FROM inserted WHERE fresh) AS recorded,
       (SELECT coalesce(array_agg(id), '{}') FROM moved) AS moved,
       EXISTS (SELECT 1 FROM segments s WHERE s.shop_id = $1 AND s.kind::text = ANY($6::text[]) AND s.deleted_at IS NULL)
         AS follow_up`;

/**
 * Records the real clicks among `refs` for one shop. Never throws for bad input: bots, malformed or forged refs
 * and other shops' recipients are simply not counted.
 */
export async function recordClicks(shopId: number, refs: readonly ClickRef[]): Promise<RecordedClicks> {
  const ids: string[] = [];
  const sources: ClickSource[] = [];
  const classes: string[] = [];
  const times: Date[] = [];
  const now = new Date();
  for (const ref of refs) {
    if (isBot(ref.userAgent)) continue;
    const id = parseRecipientRef(typeof ref.recipientId === "bigint" ? ref.recipientId.toString() : ref.recipientId);
    if (id === null || !verifyLinkTag(shopId, id, ref.tag)) continue;
    ids.push(id.toString());
    sources.push(ref.source);
    classes.push(uaClass(ref.userAgent));
    times.push(ref.at ?? now);
  }
  if (!ids.length) return { recorded: 0, firstClicks: 0 };
  const { rows } = await pool().query<{ recorded: number; moved: string[]; follow_up: boolean }>(RECORD_SQL, [
    shopId,
    ids,
    sources,
    classes,
    times,
    RECIPIENT_KINDS,
  ]);
  const { recorded, moved, follow_up: followUp } = rows[0]!;
  if (moved.length && followUp) {
    // "Did not click" follow-up segments lose the customers who just clicked, and engagement tiers move up. A
    // failure here must not lose the click (already committed): the daily full refresh corrects the segment.
    await refreshAfterReceipts({ shopId, recipientIds: moved }).catch((err: unknown) =>
      logger.warn(`clicks: follow-up refresh for shop ${shopId} failed: ${errorMessage(err)}`),
    );
  }
  return { recorded, firstClicks: moved.length };
}

const BATCH_MAX = 500;
const batches = new Map<number, { refs: ClickRef[]; done: Promise<RecordedClicks> }>();

/**
 * One click from a request, written together with the other clicks of the same shop that arrived in the same
 * turn of the event loop: one statement for all of them (at a campaign's peak, hundreds a second) instead of one
 * each. Resolves once the batch is committed, so a request is answered only after its click is stored; a failed
 * batch rejects every request in it (the beacon retries on a later page).
 */
export function recordClickBatched(shopId: number, ref: ClickRef): Promise<void> {
  let batch = batches.get(shopId);
  if (!batch) {
    const refs: ClickRef[] = [];
    const done = new Promise<RecordedClicks>((resolve, reject) =>
      setImmediate(() => {
        if (batches.get(shopId)?.refs === refs) batches.delete(shopId);
        recordClicks(shopId, refs).then(resolve, reject);
      }),
    );
    batch = { refs, done };
    batches.set(shopId, batch);
  }
  batch.refs.push({ ...ref, at: ref.at ?? new Date() });
  if (batch.refs.length >= BATCH_MAX) batches.delete(shopId);
  return batch.done.then(() => undefined);
}
