// Retargeting from a campaign report: "Follow up with those who did not read / click / buy" creates (or reopens)
// a campaign_response segment for that campaign (app/segments/sql/campaign-response.server.ts), and status
// receipts keep such segments current for the customers they concern (docs/engagement.md).
import { pool } from "../db.server";
import { CAMPAIGN_RESPONSES, type CampaignResponse } from "../segments/definitions";
import { saveSegment, NAME_MAX } from "../segments/manage.server";
import { refreshCustomers } from "../segments/refresh.server";

export function isCampaignResponse(v: unknown): v is CampaignResponse {
  return typeof v === "string" && (CAMPAIGN_RESPONSES as readonly string[]).includes(v);
}

const WHAT: Record<CampaignResponse, string> = { read: "did not read", click: "did not click", buy: "did not buy" };

export type FollowUpResult = { ok: true; segmentId: number; created: boolean } | { ok: false; status: 404 | 400 };

/**
 * The follow-up segment of one of the shop's campaigns: an existing live one with the same definition is reused,
 * otherwise one is created, named after the campaign ("Spring sale – did not read"). A campaign of another shop
 * is not found.
 */
export async function createFollowUpSegment(opts: {
  shopId: number;
  campaignId: number;
  didNot: CampaignResponse;
}): Promise<FollowUpResult> {
  const { shopId, campaignId, didNot } = opts;
  if (!Number.isSafeInteger(campaignId) || campaignId <= 0 || campaignId > 2_147_483_647)
    return { ok: false, status: 404 };
  const c = await pool().query<{ name: string }>(`SELECT name FROM campaigns WHERE shop_id = $1 AND id = $2`, [
    shopId,
    campaignId,
  ]);
  const campaign = c.rows[0];
  if (!campaign) return { ok: false, status: 404 };
  const existing = await pool().query<{ id: number }>(
    `SELECT id FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND kind = 'campaign_response'
       AND (params->>'campaignId')::int = $2 AND params->>'didNot' = $3 ORDER BY id LIMIT 1`,
    [shopId, campaignId, didNot],
  );
  if (existing.rows[0]) return { ok: true, segmentId: existing.rows[0].id, created: false };
  const suffix = ` – ${WHAT[didNot]}`;
  const base = `${campaign.name.slice(0, NAME_MAX - suffix.length - 4)}${suffix}`;
  // A merchant may already use the name for something else: number it rather than fail a one-click action.
  for (let n = 1; n <= 20; n++) {
    const result = await saveSegment({
      shopId,
      name: n === 1 ? base : `${base} (${n})`,
      kind: "campaign_response",
      form: { campaignId: String(campaignId), withinDays: "30", didNot },
    });
    if (result.ok) return { ok: true, segmentId: result.ids[0]!, created: true };
    if (!result.fieldErrors.name) return { ok: false, status: result.status };
  }
  return { ok: false, status: 400 };
}

/** The kinds whose members depend on recipient rows (receipts, replies, clicks). */
export const RECIPIENT_KINDS = ["campaign_response", "engagement"];

/**
 * After delivery/read receipts, replies and clicks: the customers those recipients belong to are refreshed
 * incrementally (every segment, in dependency order, so combinations built on a follow-up or engagement segment
 * move too). Shops without a campaign_response or engagement segment pay one indexed lookup and nothing more — no
 * other kind reads recipients. Whatever writes delivered_at, read_at, replied_at or clicked_at calls this.
 */
export async function refreshAfterReceipts(opts: { shopId: number; recipientIds: readonly string[]; now?: Date }) {
  if (!opts.recipientIds.length) return;
  const { rows } = await pool().query<{ customer_id: string }>(
    `SELECT DISTINCT r.customer_id::text FROM recipients r
     WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[])
       AND EXISTS (SELECT 1 FROM segments s WHERE s.shop_id = $1 AND s.kind::text = ANY($3::text[]) AND s.deleted_at IS NULL)`,
    [opts.shopId, opts.recipientIds, RECIPIENT_KINDS],
  );
  if (!rows.length) return;
  await refreshCustomers({ shopId: opts.shopId, customerIds: rows.map((r) => BigInt(r.customer_id)), now: opts.now });
}
