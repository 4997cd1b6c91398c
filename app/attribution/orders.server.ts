// Recently credited orders (the Orders page and a campaign report's list), newest first.
import { pool } from "../db.server";

export interface CreditedOrder {
  orderId: string;
  name: string | null;
  placedAt: string;
  customerName: string | null;
  campaignId: number;
  campaignName: string;
  segmentName: string;
  signal: "click" | "view";
  evidence: string;
  revenueMinor: string;
  cancelled: boolean;
}

export async function listCreditedOrders(opts: {
  shopId: number;
  campaignId?: number;
  limit?: number;
}): Promise<CreditedOrder[]> {
  const { rows } = await pool().query(
    `SELECT a.order_id::text, o.name, a.order_at, NULLIF(trim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS customer_name,
            a.campaign_id, c.name AS campaign_name, COALESCE(s.name, 'Not through a segment') AS segment_name, a.signal, a.evidence,
            a.revenue_minor::text, o.cancelled_at IS NOT NULL AS cancelled
     FROM attributions a
     JOIN orders o ON o.shop_id = a.shop_id AND o.id = a.order_id
     JOIN campaigns c ON c.id = a.campaign_id AND c.shop_id = a.shop_id
     LEFT JOIN segments s ON s.id = a.segment_id AND s.shop_id = a.shop_id
     LEFT JOIN customers cu ON cu.shop_id = o.shop_id AND cu.id = o.customer_id
     WHERE a.shop_id = $1 AND ($2::int IS NULL OR a.campaign_id = $2)
     ORDER BY a.order_at DESC, a.order_id DESC LIMIT $3`,
    [opts.shopId, opts.campaignId ?? null, opts.limit ?? 50],
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    name: r.name,
    placedAt: r.order_at.toISOString(),
    customerName: r.customer_name,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    segmentName: r.segment_name,
    signal: r.signal,
    evidence: r.evidence,
    revenueMinor: r.revenue_minor,
    cancelled: r.cancelled,
  }));
}
