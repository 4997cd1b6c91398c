// Attempt marks: the line between "claimed" (leased, never sent: safe to send again after a crash) and
// "attempted" (the request may have reached Meta: never sent again, settled by its answer, a status webhook or the
// reconciler's `unknown`). A send asks for its mark right before its request goes out, inside its in-flight
// slot; the marks of all sends asking meanwhile are written together in ONE statement (a group commit), so the
// cost is one statement per handful of sends while the rows at risk in a crash are at most the requests in flight.
//
// The same statement re-checks consent (an opt-out that arrived after the claim still wins: the row becomes
// `skipped` with the gate's reason and is not sent) and the lease (a row whose lease ran out and went back to
// `queued`, or was claimed again by another lane, is no longer ours and is not sent).
import { pool } from "../../db.server";
import { consentVerdictSql } from "../../consent/gate.server";
import type { ClaimedRow } from "./claim.server";

export type AttemptVerdict =
  | { go: true }
  /** consent withdrawn since the claim: the row is already `skipped` with this reason */
  | { go: false; skipped: string }
  /** the lease is no longer ours (expired and requeued, or claimed again): do not touch the row */
  | { go: false; leaseLost: true };

export interface AttemptMarker {
  /** Resolves when the row's mark is committed (go) or refused; rejects when the statement fails. */
  mark(row: ClaimedRow): Promise<AttemptVerdict>;
  /** statements written so far (for tests and the bench) */
  readonly statements: number;
}

export function attemptMarker(args: {
  shopId: number;
  leaseId: string;
  settings: { countSms: boolean; optInTag: string };
}): AttemptMarker {
  type Waiter = { id: string; resolve: (v: AttemptVerdict) => void; reject: (e: unknown) => void };
  let waiting: Waiter[] = [];
  let flushing = false;
  let statements = 0;
  const verdict = consentVerdictSql({
    customer: "c",
    contact: "k",
    phone: "r.phone_e164",
    countSms: "$4::boolean",
    optInTag: "$5::text",
    now: "now()",
  });

  async function flush() {
    try {
      while (waiting.length) {
        const group = waiting;
        waiting = [];
        try {
          statements++;
          // The UPDATE's own WHERE repeats the lease conditions, so a reconciler requeueing the same row at the
          // same moment is serialized by the row lock and re-checked (one of the two wins, never both).
          const { rows } = await pool().query<{ id: string; verdict: string | null }>(
            `WITH m AS (
               SELECT r.id, ${verdict} AS verdict
               FROM recipients r
               LEFT JOIN LATERAL (SELECT * FROM customers c WHERE c.shop_id = $1 AND c.id = r.customer_id OFFSET 0) c ON true
               LEFT JOIN LATERAL (SELECT * FROM contacts k WHERE k.shop_id = $1 AND k.phone_e164 = r.phone_e164 OFFSET 0) k ON true
               WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[]) AND r.status = 'sending' AND r.lease_id = $3::uuid
                 AND r.sending_at IS NULL)
             UPDATE recipients r SET
               status = (CASE WHEN m.verdict IS NULL THEN 'sending' ELSE 'skipped' END)::"RecipientStatus",
               sending_at = CASE WHEN m.verdict IS NULL THEN now() END,
               reason = coalesce(m.verdict, r.reason)
             FROM m
             WHERE r.shop_id = $1 AND r.id = m.id AND r.status = 'sending' AND r.lease_id = $3::uuid AND r.sending_at IS NULL
             RETURNING r.id::text, m.verdict`,
            [args.shopId, group.map((w) => w.id), args.leaseId, args.settings.countSms, args.settings.optInTag],
          );
          const got = new Map(rows.map((r) => [r.id, r.verdict]));
          for (const w of group) {
            if (!got.has(w.id)) w.resolve({ go: false, leaseLost: true });
            else {
              const v = got.get(w.id);
              w.resolve(v ? { go: false, skipped: v } : { go: true });
            }
          }
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    mark(row) {
      return new Promise<AttemptVerdict>((resolve, reject) => {
        waiting.push({ id: row.id, resolve, reject });
        // Sends asking while a statement is on its way wait for the next one, which then carries all of them.
        // The first mark of a burst waits one microtask so that sends released together share its statement.
        if (!flushing) {
          flushing = true;
          queueMicrotask(() => void flush());
        }
      });
    },
    get statements() {
      return statements;
    },
  };
}
