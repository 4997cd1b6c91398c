// The send plan shown before a campaign is scheduled: the audience statement (audience.server.ts) counted by
// segment, group and exclusion reason, today's room in Meta's 24-hour messaging limit and the days the rest
// needs, and the estimated cost per market from the shop's price table (app/pricing). Read-only.
import type pg from "pg";
import { pool, withTransaction } from "../db.server";
import { estimateCampaignCost } from "../pricing/prices.server";
import { MARKETS } from "../pricing/rate-card";
import {
  AUDIENCE_SESSION,
  audienceStatement,
  EXCLUSION_REASONS,
  loadAudienceConfig,
  type ExclusionReason,
} from "./audience.server";
import { dailyLimitOf, tierEstimate, type TierEstimate } from "./limits";
import { readShopFormat } from "../shops/format.server";

type Db = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export interface SegmentPlan {
  segmentId: number;
  name: string;
  /** members of the segment now */
  members: number;
  /** members already targeted through an earlier segment of the list */
  inEarlierSegment: number;
  /** targeted through this segment */
  targeted: number;
  test: number;
  main: number;
  holdout: number;
  excluded: Record<ExclusionReason, number>;
  holdoutShare: number;
}

export interface SendPlan {
  computedAt: string;
  startAt: string;
  /** unique customers over all segments */
  targeted: number;
  /** messages to send: test + main */
  toSend: number;
  test: number;
  main: number;
  holdout: number;
  excludedTotal: number;
  excluded: Record<ExclusionReason, number>;
  segments: SegmentPlan[];
  /** queued recipients whose first allowed send is after the start because of quiet hours */
  delayedByQuietHours: number;
  tier: TierEstimate & { tierName: string | null; connected: boolean };
  cost: {
    category: string;
    /** USD micros (Meta's rate card currency), as a decimal string */
    usdMicros: string;
    /** shop currency minor units; null when a non-USD shop has no exchange rate yet */
    minor: string | null;
    currency: string;
    byMarket: Array<{ market: string; name: string; count: number; usdMicros: string }>;
  };
  byCountry: Array<{ country: string | null; count: number }>;
  frequencyCap: { messages: number; days: number };
  durationMs: number;
}

const zeroReasons = () => Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<ExclusionReason, number>;

export async function computeSendPlan(
  opts: { shopId: number; campaignId: number; startAt?: Date },
  db: Db = pool(),
): Promise<SendPlan> {
  const started = Date.now();
  const cfg = await loadAudienceConfig(opts.shopId, opts.campaignId, db);
  const startAt = opts.startAt && opts.startAt.getTime() > Date.now() ? opts.startAt : new Date();
  const { sql, params } = audienceStatement(cfg, startAt);
  // One pass over the audience; grouping sets give per segment × (status, reason, group), per country, quiet hours.
  params.push(startAt);
  const atParam = `$${params.length}::timestamptz`;
  type Row = {
    segment_id: number | null;
    status: string | null;
    reason: string | null;
    grp: string | null;
    country: string | null;
    by_country: boolean;
    delayed: number;
    n: number;
  };
  const { rows } = await withTransaction(async (tx) => {
    await tx.query(AUDIENCE_SESSION);
    return tx.query<Row>(
      `WITH a AS MATERIALIZED (${sql})
     SELECT segment_id, status, reason, grp, NULL::text AS country, false AS by_country,
            count(*) FILTER (WHERE not_before > ${atParam})::int AS delayed, count(*)::int AS n
     FROM a GROUP BY segment_id, status, reason, grp
     UNION ALL
     SELECT NULL, NULL, NULL, NULL, country, true, 0, count(*)::int FROM a WHERE status = 'queued' GROUP BY country`,
      params,
    );
  });
  const names = await db.query<{ id: number; name: string; members: number }>(
    `SELECT g.id, g.name, (SELECT count(*)::int FROM segment_members sm WHERE sm.shop_id = $1 AND sm.segment_id = g.id) AS members
     FROM segments g WHERE g.shop_id = $1 AND g.id = ANY($2::int[])`,
    [opts.shopId, cfg.segments.map((s) => s.segmentId)],
  );
  const nameOf = new Map(names.rows.map((r) => [r.id, r]));

  const segments = new Map<number, SegmentPlan>();
  for (const s of cfg.segments) {
    const info = nameOf.get(s.segmentId);
    segments.set(s.segmentId, {
      segmentId: s.segmentId,
      name: info?.name ?? `Segment ${s.segmentId} (deleted)`,
      members: info?.members ?? 0,
      inEarlierSegment: 0,
      targeted: 0,
      test: 0,
      main: 0,
      holdout: 0,
      excluded: zeroReasons(),
      holdoutShare: s.holdoutShare,
    });
  }
  const excluded = zeroReasons();
  let test = 0;
  let main = 0;
  let holdout = 0;
  let delayed = 0;
  const byCountry: Array<{ country: string | null; count: number }> = [];
  for (const r of rows) {
    if (r.by_country) {
      byCountry.push({ country: r.country, count: r.n });
      continue;
    }
    const seg = segments.get(r.segment_id!);
    if (!seg) continue;
    seg.targeted += r.n;
    delayed += r.delayed;
    if (r.status === "excluded") {
      seg.excluded[r.reason as ExclusionReason] += r.n;
      excluded[r.reason as ExclusionReason] += r.n;
    } else if (r.status === "holdout") {
      seg.holdout += r.n;
      holdout += r.n;
    } else if (r.grp === "test") {
      seg.test += r.n;
      test += r.n;
    } else {
      seg.main += r.n;
      main += r.n;
    }
  }
  for (const seg of segments.values()) seg.inEarlierSegment = Math.max(0, seg.members - seg.targeted);
  const excludedTotal = Object.values(excluded).reduce((a, b) => a + b, 0);
  const toSend = test + main;

  const account = await db.query<{ messaging_limit_tier: string | null }>(
    `SELECT messaging_limit_tier FROM whatsapp_accounts WHERE shop_id = $1`,
    [opts.shopId],
  );
  const used = await db.query<{ n: number }>(
    `SELECT count(DISTINCT phone_e164)::int AS n FROM recipients
     WHERE shop_id = $1 AND status IN ('sending', 'sent', 'delivered', 'read', 'failed', 'unknown')
       AND COALESCE(sent_at, sending_at) > $2::timestamptz - interval '24 hours'`,
    [opts.shopId, startAt],
  );
  const tierName = account.rows[0]?.messaging_limit_tier ?? null;
  const tier = {
    ...tierEstimate(dailyLimitOf(tierName), used.rows[0]!.n, toSend),
    tierName,
    connected: account.rows.length > 0,
  };

  const category = cfg.marketing ? "MARKETING" : "UTILITY";
  const cost = await estimateCampaignCost({
    shopId: opts.shopId,
    templateCategory: category,
    recipientsByCountry: byCountry,
  });
  const { currency } = await readShopFormat(opts.shopId, db);
  const marketName = new Map(MARKETS.map((m) => [m.key, m.name]));

  return {
    computedAt: new Date().toISOString(),
    startAt: startAt.toISOString(),
    targeted: test + main + holdout + excludedTotal,
    toSend,
    test,
    main,
    holdout,
    excludedTotal,
    excluded,
    segments: [...segments.values()],
    delayedByQuietHours: delayed,
    tier,
    cost: {
      category,
      usdMicros: cost.usdMicros.toString(),
      minor: cost.minor === null ? null : cost.minor.toString(),
      currency,
      byMarket: cost.byMarket
        .map((m) => ({
          market: m.market,
          name: marketName.get(m.market) ?? m.market,
          count: m.count,
          usdMicros: m.usdMicros.toString(),
        }))
        .sort((a, b) => b.count - a.count),
    },
    byCountry: byCountry.sort((a, b) => b.count - a.count),
    frequencyCap: { messages: cfg.frequencyCapMessages, days: cfg.frequencyCapDays },
    durationMs: Date.now() - started,
  };
}
