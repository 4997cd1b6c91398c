// What the merchant watches: recipients by status for one campaign or for the list, and the per-recipient log
// (paged by recipient id, newest reason first for failures and skips). Every query is scoped by shop.
import { pool } from "../db.server";
import { PROGRESS_STATUSES, type ProgressStatus } from "./labels";

export { PROGRESS_STATUSES };
export type Progress = Record<ProgressStatus, number> & { total: number; toSend: number; done: number };

export function emptyProgress(): Progress {
  const p = Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as Progress;
  p.total = 0;
  p.toSend = 0;
  p.done = 0;
  return p;
}

export function finish(p: Progress): Progress {
  p.total = PROGRESS_STATUSES.reduce((a, s) => a + p[s], 0);
  // what the campaign sends: everything but exclusions and the holdout; done = no longer queued or sending
  p.toSend = p.total - p.excluded - p.holdout;
  p.done = p.toSend - p.queued - p.sending;
  return p;
}

export async function campaignProgress(shopId: number, campaignId: number): Promise<Progress> {
  return (await progressOf(shopId, [campaignId])).get(campaignId) ?? emptyProgress();
}

export async function progressOf(shopId: number, campaignIds: number[]): Promise<Map<number, Progress>> {
  const out = new Map<number, Progress>();
  if (!campaignIds.length) return out;
  const { rows } = await pool().query<{ campaign_id: number; status: ProgressStatus; n: number }>(
    `SELECT campaign_id, status, count(*)::int AS n FROM recipients WHERE shop_id = $1 AND campaign_id = ANY($2::int[]) GROUP BY 1, 2`,
    [shopId, campaignIds],
  );
  for (const r of rows) {
    const p = out.get(r.campaign_id) ?? emptyProgress();
    p[r.status] = r.n;
    out.set(r.campaign_id, p);
  }
  for (const p of out.values()) finish(p);
  return out;
}

export interface LogRow {
  id: string;
  customerId: string;
  name: string | null;
  phone: string | null;
  country: string | null;
  segment: string | null;
  group: string;
  status: string;
  /** why it was excluded, skipped or failed (error code and title for failures) */
  reason: string | null;
  errorCode: number | null;
  errorTitle: string | null;
  /** the latest thing that happened to it */
  at: string | null;
  notBefore: string | null;
}

export const LOG_PAGE = 50;

/** One page of the log, keyset-paged by recipient id (`after` = last id of the previous page). */
export async function recipientLog(opts: {
  shopId: number;
  campaignId: number;
  status?: string | null;
  after?: string | null;
  limit?: number;
}): Promise<{ rows: LogRow[]; next: string | null }> {
  const limit = opts.limit ?? LOG_PAGE;
  const status = opts.status && (PROGRESS_STATUSES as readonly string[]).includes(opts.status) ? opts.status : null;
  const after = opts.after && /^\d{1,19}$/.test(opts.after) ? opts.after : null;
  const { rows } = await pool().query<{
    id: string;
    customer_id: string;
    name: string | null;
    phone_e164: string | null;
    country_code: string | null;
    segment: string | null;
    group: string;
    status: string;
    reason: string | null;
    error_code: number | null;
    error_title: string | null;
    at: Date | null;
    not_before: Date | null;
  }>(
    `SELECT r.id::text, r.customer_id::text, NULLIF(trim(concat_ws(' ', c.first_name, c.last_name)), '') AS name, r.phone_e164, r.country_code,
            g.name AS segment, r."group", r.status, r.reason, r.error_code, r.error_title,
            COALESCE(r.failed_at, r.read_at, r.delivered_at, r.sent_at, r.sending_at, r.created_at) AS at, r.not_before
     FROM recipients r
     LEFT JOIN customers c ON c.shop_id = r.shop_id AND c.id = r.customer_id
     LEFT JOIN segments g ON g.shop_id = r.shop_id AND g.id = r.segment_id
     WHERE r.shop_id = $1 AND r.campaign_id = $2 AND ($3::"RecipientStatus" IS NULL OR r.status = $3::"RecipientStatus")
       AND ($4::bigint IS NULL OR r.id > $4::bigint)
     ORDER BY r.id LIMIT $5`,
    [opts.shopId, opts.campaignId, status, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      name: r.name,
      phone: r.phone_e164,
      country: r.country_code,
      segment: r.segment,
      group: r.group,
      status: r.status,
      reason: r.reason,
      errorCode: r.error_code,
      errorTitle: r.error_title,
      at: r.at ? r.at.toISOString() : null,
      notBefore: r.not_before ? r.not_before.toISOString() : null,
    })),
    next: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
