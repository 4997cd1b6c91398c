// The one reader of the campaign row dispatch needs (context loading, rollout check, after-drain scheduling).
import { pool } from "../../db.server";

export interface CampaignRow {
  id: number;
  shop_id: number;
  status: string;
  template_id: number | null;
  mapping: unknown;
  test_share: number;
  test_wait_minutes: number;
  rollout_min_delivery_rate: number;
  rollout_max_opt_out_rate: number;
  rollout_min_reply_rate: number | null;
  rollout_min_click_rate: number | null;
}

export async function loadCampaignRow(shopId: number, campaignId: number): Promise<CampaignRow | undefined> {
  const { rows } = await pool().query<CampaignRow>(
    `SELECT id, shop_id, status::text, template_id, mapping, test_share, test_wait_minutes, rollout_min_delivery_rate, rollout_max_opt_out_rate,
            rollout_min_reply_rate, rollout_min_click_rate
     FROM campaigns WHERE shop_id = $1 AND id = $2`,
    [shopId, campaignId],
  );
  return rows[0];
}
