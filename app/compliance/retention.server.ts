// Raw webhook bodies hold personal data (names, emails, phones, message text). A body is kept only as long as it
// is useful: while it waits to be applied, and for INBOX_RETENTION_DAYS after (replay, support). Then it is
// blanked (body = '', body_scrubbed_at set); the row itself stays, so dedupe by delivery id keeps working.
// A customers/redact or shop/redact blanks at once every body that names the customer (or the shop's). That includes
// a delivery still waiting to be applied (pending, deferred): applied after the redaction it would write the
// customer back, so it is blanked and closed unapplied (done, last_error says why). A delivery a worker is applying
// at that very moment (processing, claimed within INBOX_STALE_CLAIM) would write the customer back after the
// redaction commits: the redaction is deferred until it has finished (lockDeliveriesMentioning). A claim older
// than that belongs to a worker that died; it counts as waiting, and is blanked and closed like one.
import type pg from "pg";
import { pool } from "../db.server";
import { getEnv } from "../env.server";

const BATCH = 5000;

/** The scheduled job (maintenance.scrub-inbox): blank processed bodies older than the retention period. */
export async function scrubExpiredBodies(opts: { retentionDays?: number } = {}): Promise<{ scrubbed: number }> {
  const days = opts.retentionDays ?? getEnv().INBOX_RETENTION_DAYS;
  let scrubbed = 0;
  // In batches, so one run never holds locks on millions of rows; the index (body_scrubbed_at, processed_at)
  // finds the candidates.
  for (;;) {
    const res = await pool().query(
      `UPDATE inbox_events SET body = '', body_scrubbed_at = now()
       WHERE id IN (SELECT id FROM inbox_events
                    WHERE body_scrubbed_at IS NULL AND status IN ('done', 'failed')
                      AND processed_at < now() - make_interval(days => $1::int)
                    ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [days, BATCH],
    );
    scrubbed += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < BATCH) return { scrubbed };
  }
}

/** LIKE patterns for each identifier, with LIKE's own wildcards escaped. */
export function containsPatterns(needles: Array<string | null | undefined>): string[] {
  const unique = new Set(needles.map((n) => n?.trim()).filter((n): n is string => !!n && n.length >= 3));
  return [...unique].map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** A processing claim older than this is abandoned by a crashed worker (jobs/processors/inbox.ts reclaims it). */
export const INBOX_STALE_CLAIM = "5 minutes";

/**
 * Locks, for the rest of the caller's transaction, the shop's deliveries (and WhatsApp deliveries no single shop
 * was named for) that mention any identifier and are not blanked yet, and says how many of them a live worker is
 * applying right now. Locked, a waiting one cannot be claimed before the redaction commits (the claim waits and
 * then finds it closed); a live one means the redaction must wait for it.
 */
export async function lockDeliveriesMentioning(
  c: Pick<pg.PoolClient, "query">,
  shopId: number,
  identifiers: Array<string | null | undefined>,
  exceptId?: string,
): Promise<{ applying: number }> {
  const patterns = containsPatterns(identifiers);
  if (patterns.length === 0) return { applying: 0 };
  const res = await c.query<{ applying: boolean }>(
    `SELECT status = 'processing' AND processed_at >= now() - interval '${INBOX_STALE_CLAIM}' AS applying
       FROM inbox_events
      WHERE (shop_id = $1 OR (shop_id IS NULL AND source = 'whatsapp'))
        AND id IS DISTINCT FROM $3::bigint AND body_scrubbed_at IS NULL AND body LIKE ANY($2::text[])
      FOR UPDATE`,
    [shopId, patterns, exceptId ?? null],
  );
  return { applying: res.rows.filter((r) => r.applying).length };
}

/** Why a waiting delivery was closed without being applied (inbox_events.last_error). */
export const NOT_APPLIED_REDACTED = "not applied: it names a customer erased by customers/redact";

/**
 * Blank, now, the bodies of the shop (and WhatsApp deliveries no single shop was named for) that mention any of
 * the identifiers, processed or still waiting; a waiting one is closed unapplied. `alsoId` is the redact delivery
 * being applied (its own body names the customer). Matching is by substring: a body that merely contains the same
 * digits is blanked too, which loses nothing that was still needed (a waiting order of another customer with the
 * same digits in it would be lost: the price of never writing an erased customer back).
 */
export async function scrubBodiesMentioning(
  c: Pick<pg.PoolClient, "query">,
  shopId: number,
  identifiers: Array<string | null | undefined>,
  alsoId?: string,
): Promise<number> {
  const patterns = containsPatterns(identifiers);
  if (patterns.length === 0 && !alsoId) return 0;
  const res = await c.query(
    `UPDATE inbox_events
        SET body = '', body_scrubbed_at = now(),
            status = CASE WHEN status IN ('pending', 'deferred', 'processing') THEN 'done'::"InboxStatus" ELSE status END,
            last_error = CASE WHEN status IN ('pending', 'deferred', 'processing') THEN $4 ELSE last_error END,
            processed_at = CASE WHEN status IN ('pending', 'deferred', 'processing') THEN now() ELSE processed_at END
      WHERE (id = $3::bigint)
         OR ((shop_id = $1 OR (shop_id IS NULL AND source = 'whatsapp'))
             AND (status IN ('done', 'failed', 'pending', 'deferred')
                  OR (status = 'processing' AND processed_at < now() - interval '${INBOX_STALE_CLAIM}'))
             AND body_scrubbed_at IS NULL AND body LIKE ANY($2::text[]))`,
    [shopId, patterns, alsoId ?? null, NOT_APPLIED_REDACTED],
  );
  return res.rowCount ?? 0;
}
