// Claiming: a dispatcher takes a batch of due queued rows with FOR UPDATE SKIP LOCKED (any number of lanes in any
// number of processes share a campaign without ever taking the same row), re-checks consent, spends the 24-hour
// messaging budget and LEASES the rows to itself (lease id + expiry), in one transaction. A claimed row is not yet
// attempted: if the dispatcher dies before attempt.server.ts marks it, the reconciler returns it to `queued`.
import { randomUUID } from "node:crypto";
import { withTransaction } from "../../db.server";
import { consentVerdictSql } from "../../consent/gate.server";
import { lockBudget, spendBudget } from "../rates.server";
import { claimLeaseMs } from "./config.server";

export interface ClaimedRow {
  id: string;
  customer_id: string;
  segment_id: number | null;
  phone_e164: string;
  country_code: string | null;
  group: string;
  status: "sending" | "skipped";
  reason: string | null;
  attempts: number;
}

export interface Claim {
  /** the lease the sending rows are held under (until claimLeaseMs() from the claim) */
  leaseId: string;
  rows: ClaimedRow[];
  /** rows moved to sending (the rest were skipped by the consent gate) */
  sending: ClaimedRow[];
  /** the budget bucket the sending rows were counted in */
  bucket: Date | null;
  /** true when due rows were left queued because the 24-hour budget is used up */
  budgetExhausted: boolean;
}

/**
 * Claims up to `limit` due queued rows of the campaign (only group `test` while testing) in one transaction:
 * consent re-checked (refused rows → `skipped` with the gate's reason), at most the remaining 24-hour budget
 * moved to `sending` under a fresh lease (sending_at stays NULL until the attempt). Rows locked by another
 * dispatcher are skipped, never waited for.
 */
export async function claimBatch(args: {
  shopId: number;
  campaignId: number;
  group: "test" | null;
  limit: number;
  budgetLimit: number;
  settings: { countSms: boolean; optInTag: string };
}): Promise<Claim> {
  const leaseId = randomUUID();
  return withTransaction(async (client) => {
    const remaining = await lockBudget(client, args.shopId, args.budgetLimit);
    const verdict = consentVerdictSql({
      customer: "c",
      contact: "k",
      phone: "q.phone_e164",
      countSms: "$5::boolean",
      optInTag: "$6::text",
      now: "now()",
    });
    // Two statements whose plans do not depend on table statistics (a new shop's first campaign runs before
    // autovacuum has analysed its rows): the candidates come from the (campaign_id, status) index, each one's
    // customer and contact are primary-key lookups (OFFSET 0 keeps them per row), the update goes by primary key.
    const { rows: candidates } = await client.query<{ id: string; verdict: string | null }>(
      `SELECT q.id::text, ${verdict} AS verdict
       FROM (SELECT r.id, r.customer_id, r.phone_e164 FROM recipients r
             WHERE r.shop_id = $1 AND r.campaign_id = $2 AND r.status = 'queued'
               AND (r.not_before IS NULL OR r.not_before <= now())
               AND ($3::text IS NULL OR r."group"::text = $3)
             LIMIT $4
             FOR UPDATE OF r SKIP LOCKED) q
       LEFT JOIN LATERAL (SELECT * FROM customers c WHERE c.shop_id = $1 AND c.id = q.customer_id OFFSET 0) c ON true
       LEFT JOIN LATERAL (SELECT * FROM contacts k WHERE k.shop_id = $1 AND k.phone_e164 = q.phone_e164 OFFSET 0) k ON true
       ORDER BY q.id`,
      [args.shopId, args.campaignId, args.group, args.limit, args.settings.countSms, args.settings.optInTag],
    );
    // Refused rows are skipped with the gate's reason; allowed ones go to `sending` up to the remaining budget.
    const chosen: Array<{ id: string; verdict: string | null }> = [];
    let allowed = 0;
    for (const c of candidates) {
      if (c.verdict !== null) chosen.push(c);
      else if (allowed < remaining) {
        chosen.push(c);
        allowed++;
      }
    }
    const { rows } = chosen.length
      ? await client.query<ClaimedRow>(
          `UPDATE recipients r SET
             status = (CASE WHEN u.verdict IS NULL THEN 'sending' ELSE 'skipped' END)::"RecipientStatus",
             -- claimed, not attempted: sending_at is written just before the request goes out (attempt.server.ts)
             sending_at = NULL,
             lease_id = CASE WHEN u.verdict IS NULL THEN $4::uuid END,
             lease_until = CASE WHEN u.verdict IS NULL THEN now() + make_interval(secs => $5::float8 / 1000) END,
             reason = coalesce(u.verdict, r.reason)
           FROM unnest($2::bigint[], $3::text[]) AS u(id, verdict)
           WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[]) AND r.id = u.id
           RETURNING r.id::text, r.customer_id::text, r.segment_id, r.phone_e164, r.country_code, r."group"::text AS "group",
                     r.status::text AS status, r.reason, r.attempts`,
          [args.shopId, chosen.map((c) => c.id), chosen.map((c) => c.verdict), leaseId, claimLeaseMs()],
        )
      : { rows: [] as ClaimedRow[] };
    const sending = rows.filter((r) => r.status === "sending");
    const bucket = Number.isFinite(args.budgetLimit) ? await spendBudget(client, args.shopId, sending.length) : null;
    return {
      leaseId,
      rows,
      sending,
      bucket,
      budgetExhausted: Number.isFinite(remaining) && sending.length >= remaining && remaining < args.limit,
    };
  });
}
