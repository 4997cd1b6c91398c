// Settling: a batch's outcomes written in one set-based statement (sent + wamid + cost estimate, failed with code
// and title, skipped with reason, requeued with not_before); rows whose answer was lost stay `sending`.
import { pool } from "../../db.server";
import { costMinor, type Ctx } from "./context.server";
import type { ClaimedRow } from "./claim.server";
import type { Outcome } from "./outcome.server";

/** Writes a batch's outcomes in one statement; returns how many claimed rows reached nobody (budget to give back). */
export async function settle(
  ctx: Ctx,
  leaseId: string,
  rows: ClaimedRow[],
  outcomes: Map<string, Outcome>,
): Promise<number> {
  const ids: string[] = [];
  const kinds: string[] = [];
  const wamids: (string | null)[] = [];
  const ats: (Date | null)[] = [];
  const codes: (number | null)[] = [];
  const titles: (string | null)[] = [];
  const notBefore: (Date | null)[] = [];
  const reasons: (string | null)[] = [];
  const costs: (string | null)[] = [];
  const counted: boolean[] = [];
  let unreached = 0;
  for (const r of rows) {
    const o = outcomes.get(r.id) ?? ({ kind: "requeue", notBefore: null, counted: false } as Outcome);
    if (o.kind === "in_doubt") continue;
    if (o.kind === "lease_lost") {
      unreached++;
      continue;
    }
    if (o.kind !== "sent") unreached++;
    ids.push(r.id);
    kinds.push(o.kind);
    wamids.push(o.kind === "sent" ? o.wamid : null);
    ats.push(o.kind === "sent" ? o.at : null);
    codes.push(o.kind === "failed" || o.kind === "requeue" ? (o.code ?? null) : null);
    titles.push(
      o.kind === "failed" ? o.title.slice(0, 500) : o.kind === "requeue" ? (o.title?.slice(0, 500) ?? null) : null,
    );
    notBefore.push(o.kind === "requeue" ? o.notBefore : null);
    reasons.push(o.kind === "skipped" ? o.reason : null);
    const cost = o.kind === "sent" ? costMinor(ctx, r.country_code) : null;
    costs.push(cost === null ? null : cost.toString());
    counted.push(o.kind === "sent" || ((o.kind === "failed" || o.kind === "requeue") && o.counted));
  }
  if (!ids.length) return 0;
  await pool().query(
    `UPDATE recipients r SET
       status = (CASE u.kind
         WHEN 'sent' THEN CASE WHEN r.status IN ('sending', 'unknown') THEN 'sent' ELSE r.status::text END
         WHEN 'failed' THEN 'failed' WHEN 'skipped' THEN 'skipped' ELSE 'queued' END)::"RecipientStatus",
       wa_message_id = CASE WHEN u.kind = 'sent' THEN coalesce(r.wa_message_id, u.wamid) ELSE r.wa_message_id END,
       sent_at = CASE WHEN u.kind = 'sent' THEN coalesce(r.sent_at, u.at) ELSE r.sent_at END,
       cost_minor = CASE WHEN u.kind = 'sent' THEN u.cost ELSE r.cost_minor END,
       failed_at = CASE WHEN u.kind = 'failed' THEN now() ELSE r.failed_at END,
       -- a refusal met on an earlier attempt (kept while the row waits) is cleared once the message goes out
       error_code = CASE WHEN u.kind IN ('failed', 'requeue') AND u.code IS NOT NULL THEN u.code
                         WHEN u.kind = 'sent' AND r.status IN ('sending', 'unknown') THEN NULL ELSE r.error_code END,
       error_title = CASE WHEN u.kind IN ('failed', 'requeue') AND u.title IS NOT NULL THEN u.title
                          WHEN u.kind = 'sent' AND r.status IN ('sending', 'unknown') THEN NULL ELSE r.error_title END,
       reason = CASE WHEN u.kind = 'skipped' THEN u.reason WHEN r.reason = 'no_answer' THEN NULL ELSE r.reason END,
       not_before = CASE WHEN u.kind = 'requeue' THEN u.not_before ELSE r.not_before END,
       sending_at = CASE WHEN u.kind IN ('requeue', 'skipped') THEN NULL ELSE r.sending_at END,
       lease_id = CASE WHEN u.kind IN ('requeue', 'skipped') THEN NULL ELSE r.lease_id END,
       lease_until = CASE WHEN u.kind IN ('requeue', 'skipped') THEN NULL ELSE r.lease_until END,
       attempts = least(r.attempts + CASE WHEN u.counted THEN 1 ELSE 0 END, 32000)
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::text[], $8::timestamptz[], $9::text[], $10::bigint[], $11::boolean[])
       AS u(id, kind, wamid, at, code, title, not_before, reason, cost, counted)
     WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[]) AND r.id = u.id
       -- only rows still held by this claim: one whose lease ran out and was requeued is another lane's now
       AND r.lease_id = $12::uuid
       AND (r.status IN ('sending', 'unknown') OR (u.kind = 'sent' AND r.wa_message_id = u.wamid))`,
    [ctx.shopId, ids, kinds, wamids, ats, codes, titles, notBefore, reasons, costs, counted, leaseId],
  );
  return unreached;
}
