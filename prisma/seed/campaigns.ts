// Demo step after the store seed: a few completed WhatsApp campaigns with realistic recipients (test/main/holdout
// groups, sent → delivered → read timings at 80 messages/s, failures with Meta's error codes) and the orders
// they brought (through the message link, the campaign code, or just after reading it), with refunds and
// cancellations — then the shop's history is attributed, so the dashboard and reports are alive.
//   DATABASE_URL=… tsx prisma/seed/campaigns.ts --shop demo-store.myshopify.com [--seed 42]
// Idempotent: a shop that already has the demo campaigns is left alone. The campaign sending issue replaces
// these rows with real sends through the WhatsApp simulator; attribution reads the same tables either way.
import { parseArgs } from "node:util";
import pg from "pg";
import type { OrderRow, RefundRow } from "../../app/ingest/rows";
import { writeStore } from "../../app/ingest/store-writer.server";
import { messageLinkParams } from "../../app/attribution/ref";
import { parseSegmentParams, type SegmentKind } from "../../app/segments/definitions";
import { ID_BASE } from "./generator";
import { DEMO_CAMPAIGN_TEMPLATES } from "./demo-templates";
import { hashSeed, Random } from "./random";
import { requireDatabaseUrl, runScript } from "../../scripts/run-script";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** our demo ids start above the generator's (which number orders from 1) */
const ID_OFFSET = 50_000_000n;

interface DemoSegment {
  key: string;
  name: string;
  kind: SegmentKind;
  params: Record<string, unknown>;
  /** customers who fit, from the per-customer aggregates (an approximation of the segment's own SQL) */
  where: string;
}

const SEGMENTS: DemoSegment[] = [
  {
    key: "sale",
    name: "Sale shoppers",
    kind: "sale_shopper",
    params: {},
    where: "c.orders_count >= 2 AND c.discounted_orders_count * 2 >= c.orders_count",
  },
  {
    key: "aov",
    name: "High AOV",
    kind: "aov_tier",
    params: { band: "high" },
    where:
      "c.aov_minor >= (SELECT percentile_cont(0.67) WITHIN GROUP (ORDER BY aov_minor) FROM customers WHERE shop_id = $1 AND orders_count > 0)",
  },
  {
    key: "vip",
    name: "Former VIPs",
    kind: "former_vip",
    params: {},
    where:
      "c.net_spent_minor >= (SELECT percentile_cont(0.85) WITHIN GROUP (ORDER BY net_spent_minor) FROM customers WHERE shop_id = $1 AND orders_count > 0) AND c.last_order_at < $2::timestamptz - interval '120 days'",
  },
  {
    key: "regular",
    name: "Regulars",
    kind: "rfm",
    params: { cells: ["champions", "loyal"] },
    where: "c.orders_count >= 3 AND c.last_order_at >= $2::timestamptz - interval '180 days'",
  },
];

interface DemoCampaign {
  name: string;
  template: string;
  segments: string[];
  daysAgo: number;
  /** hour of day (UTC) the send started */
  hour: number;
  holdoutShare: number;
  testShare: number;
  discountCode: string | null;
  /**
   * chance that a delivered message brings an order through its link / its code: about 1% of delivered messages
   * (retail WhatsApp CTR of 4–8% times a 15–25% click-to-order rate; sources in docs/demo.md)
   */
  linkRate: number;
  codeRate: number;
  /** most recipients per segment: above any demo segment, so audiences are the segments' real reachable members */
  cap: number;
}

/** Orders placed within 5 days anyway, messaged or not: the baseline the holdout measures. */
const BASELINE_RATE = 0.03;

const CAMPAIGNS: DemoCampaign[] = [
  {
    name: "Summer sale: 20% off",
    template: "summer_sale",
    segments: ["sale", "aov"],
    daysAgo: 41,
    hour: 15,
    holdoutShare: 0.2,
    testShare: 0.1,
    discountCode: "SUMMER20",
    linkRate: 0.012,
    codeRate: 0.006,
    cap: 100_000,
  },
  {
    name: "We miss you: former VIPs",
    template: "win_back",
    segments: ["vip"],
    daysAgo: 27,
    hour: 17,
    holdoutShare: 0.1,
    testShare: 0,
    discountCode: "COMEBACK15",
    linkRate: 0.014,
    codeRate: 0.007,
    cap: 100_000,
  },
  {
    name: "New arrivals for regulars",
    template: "new_arrivals",
    segments: ["regular"],
    daysAgo: 12,
    hour: 14,
    holdoutShare: 0.15,
    testShare: 0,
    discountCode: null,
    linkRate: 0.009,
    codeRate: 0,
    cap: 100_000,
  },
  {
    name: "Weekend flash sale",
    template: "flash_sale",
    segments: ["sale", "regular"],
    daysAgo: 10,
    hour: 9,
    holdoutShare: 0.1,
    testShare: 0,
    discountCode: "FLASH15",
    linkRate: 0.011,
    codeRate: 0.005,
    cap: 100_000,
  },
  {
    name: "Restock alert",
    template: "restock_alert",
    segments: ["aov"],
    daysAgo: 2,
    hour: 16,
    holdoutShare: 0.1,
    testShare: 0,
    discountCode: null,
    linkRate: 0.01,
    codeRate: 0,
    cap: 100_000,
  },
];

interface Variant {
  id: bigint;
  productId: bigint;
  handle: string;
  title: string;
  price: bigint;
}

interface SentRecipient {
  id: bigint;
  customerId: bigint;
  held: boolean;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  cohortStart: Date;
  countryCode: string | null;
}

export interface DemoCampaignResult {
  campaigns: number;
  recipients: number;
  orders: number;
  skipped?: boolean;
}

export async function seedDemoCampaigns(opts: {
  db: pg.Pool;
  shopId: number;
  seed?: number;
  now?: Date;
}): Promise<DemoCampaignResult> {
  const { db, shopId } = opts;
  const seed = opts.seed ?? 42;
  const now = opts.now ?? new Date(Math.floor(Date.now() / DAY) * DAY);
  const existing = await db.query(`SELECT 1 FROM campaigns WHERE shop_id = $1 AND name = $2`, [
    shopId,
    CAMPAIGNS[0]!.name,
  ]);
  if (existing.rowCount) return { campaigns: 0, recipients: 0, orders: 0, skipped: true };

  // Campaigns and recipients in one transaction (a failed run leaves nothing behind); orders after, through the
  // store writer (idempotent: deterministic ids).
  const tx = await db.connect();
  try {
    await tx.query("BEGIN");
    const result = await seedInTransaction(tx, { db, shopId, seed, now });
    await tx.query("COMMIT");
    if (result.orders.length)
      await writeStore({ shopId, db, records: result.orders.map((row) => ({ type: "order" as const, row })) });
    return { campaigns: CAMPAIGNS.length, recipients: result.recipients, orders: result.orders.length };
  } catch (err) {
    await tx.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    tx.release();
  }
}

type Db = Pick<pg.PoolClient, "query">;

async function seedInTransaction(
  db: Db,
  opts: { db: pg.Pool; shopId: number; seed: number; now: Date },
): Promise<{ recipients: number; orders: OrderRow[] }> {
  const { shopId, seed, now } = opts;
  const segmentIds = new Map<string, number>();
  for (const s of SEGMENTS) segmentIds.set(s.key, await ensureSegment(db, shopId, s));
  const variants = (
    await db.query<{ id: string; product_id: string; handle: string | null; title: string; price: string }>(
      `SELECT v.id::text, v.product_id::text, p.handle, p.title, v.price_minor::text AS price
       FROM product_variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
       WHERE v.shop_id = $1 AND v.price_minor > 0 AND p.status = 'active' ORDER BY v.id LIMIT 400`,
      [shopId],
    )
  ).rows.map((v): Variant => ({
    id: BigInt(v.id),
    productId: BigInt(v.product_id),
    handle: v.handle ?? "product",
    title: v.title,
    price: BigInt(v.price),
  }));
  if (variants.length === 0) throw new Error("seed the store first (no products)");

  let orderSeq = 0n;
  let recipientsTotal = 0;
  const orders: OrderRow[] = [];
  const taken = new Set<string>(); // one demo order per customer per campaign is plenty

  for (const [ci, campaign] of CAMPAIGNS.entries()) {
    const start = new Date(now.getTime() - campaign.daysAgo * DAY + campaign.hour * HOUR);
    const templateId = await ensureTemplate(db, shopId, campaign.template);
    const c = await db.query<{ id: number }>(
      `INSERT INTO campaigns (shop_id, name, status, template_id, scheduled_at, started_at, completed_at, test_share, holdout_share,
                              discount_codes, created_at, updated_at)
       VALUES ($1, $2, 'completed', $3, $4, $4, $5, $6, $7, $8, $4::timestamptz - interval '2 days', now()) RETURNING id`,
      [
        shopId,
        campaign.name,
        templateId,
        start,
        new Date(start.getTime() + HOUR),
        campaign.testShare,
        campaign.holdoutShare,
        campaign.discountCode ? [campaign.discountCode] : [],
      ],
    );
    const campaignId = c.rows[0]!.id;
    for (const [position, key] of campaign.segments.entries()) {
      await db.query(
        `INSERT INTO campaign_segments (campaign_id, segment_id, shop_id, position) VALUES ($1, $2, $3, $4)`,
        [campaignId, segmentIds.get(key), shopId, position],
      );
    }

    // Audience: customers of each segment with a WhatsApp-reachable phone, deduplicated (first segment wins).
    const seen = new Set<string>();
    const rows: Array<{ customerId: bigint; segmentId: number; country: string | null; phone: string }> = [];
    for (const key of campaign.segments) {
      const seg = SEGMENTS.find((s) => s.key === key)!;
      const members = await db.query<{ id: string; country_code: string | null; phone_e164: string }>(
        `SELECT c.id::text, c.country_code, c.phone_e164 FROM customers c
         WHERE c.shop_id = $1 AND $2::timestamptz IS NOT NULL AND c.deleted_at IS NULL AND c.phone_valid AND c.phone_e164 IS NOT NULL AND ${seg.where}
         ORDER BY hashtext(c.id::text || $3) LIMIT $4`,
        [shopId, start, `${seed}-${ci}`, campaign.cap],
      );
      for (const m of members.rows) {
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        rows.push({
          customerId: BigInt(m.id),
          segmentId: segmentIds.get(key)!,
          country: m.country_code,
          phone: m.phone_e164,
        });
      }
    }

    // Groups and delivery outcomes, deterministic per (seed, campaign, customer).
    const planned = rows.map((row, i) => {
      const r = new Random(hashSeed(seed, 11, ci, Number(row.customerId % 1_000_000_007n)));
      const held = r.chance(campaign.holdoutShare);
      const group = held ? "holdout" : r.chance(campaign.testShare) ? "test" : "main";
      if (held)
        return {
          row,
          group,
          status: "holdout",
          sentAt: null,
          deliveredAt: null,
          readAt: null,
          failedAt: null,
          error: null,
        };
      const sentAt = new Date(start.getTime() + (group === "test" ? -HOUR : 0) + Math.floor(i * 12.5));
      const x = r.next();
      if (x < 0.03) {
        const error = r.chance(0.7)
          ? { code: 131026, title: "Message undeliverable" }
          : { code: 131049, title: "This message was not delivered to maintain healthy ecosystem engagement." };
        return {
          row,
          group,
          status: "failed",
          sentAt,
          deliveredAt: null,
          readAt: null,
          failedAt: new Date(sentAt.getTime() + 2000),
          error,
        };
      }
      if (x < 0.05)
        return { row, group, status: "sent", sentAt, deliveredAt: null, readAt: null, failedAt: null, error: null };
      const deliveredAt = new Date(sentAt.getTime() + r.int(2_000, 90_000));
      const readAt = r.chance(0.86)
        ? new Date(deliveredAt.getTime() + Math.floor(r.next() ** 3 * 30 * HOUR) + 20_000)
        : null;
      return {
        row,
        group,
        status: readAt ? "read" : "delivered",
        sentAt,
        deliveredAt,
        readAt,
        failedAt: null,
        error: null,
      };
    });
    const inserted = await db.query<{ id: string; customer_id: string }>(
      `INSERT INTO recipients (shop_id, campaign_id, customer_id, segment_id, phone_e164, country_code, "group", status, wa_message_id,
                               error_code, error_title, pricing_category, attempts, sending_at, sent_at, delivered_at, read_at, failed_at, created_at)
       SELECT $1, $2, x.customer_id, x.segment_id, x.phone, x.country, x.grp::"RecipientGroup", x.status::"RecipientStatus",
              CASE WHEN x.sent_at IS NOT NULL THEN 'wamid.demo.' || $2::int::text || '.' || x.ord END, x.error_code, x.error_title,
              CASE WHEN x.delivered_at IS NOT NULL THEN 'marketing' END, CASE WHEN x.sent_at IS NULL THEN 0 ELSE 1 END,
              x.sent_at, x.sent_at, x.delivered_at, x.read_at, x.failed_at, $3::timestamptz
       FROM unnest($4::bigint[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::text[],
                   $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[])
            WITH ORDINALITY AS x(customer_id, segment_id, phone, country, grp, status, error_code, error_title, sent_at, delivered_at, read_at, failed_at, ord)
       RETURNING id::text, customer_id::text`,
      [
        shopId,
        campaignId,
        new Date(start.getTime() - HOUR),
        planned.map((p) => p.row.customerId.toString()),
        planned.map((p) => p.row.segmentId),
        planned.map((p) => p.row.phone),
        planned.map((p) => p.row.country),
        planned.map((p) => p.group),
        planned.map((p) => p.status),
        planned.map((p) => p.error?.code ?? null),
        planned.map((p) => p.error?.title ?? null),
        planned.map((p) => p.sentAt),
        planned.map((p) => p.deliveredAt),
        planned.map((p) => p.readAt),
        planned.map((p) => p.failedAt),
      ],
    );
    recipientsTotal += inserted.rowCount ?? 0;
    // A few recipients reply STOP within hours of delivery: recorded as the WhatsApp webhook handler would.
    const optOuts = planned.flatMap((p) => {
      const r = new Random(hashSeed(seed, 13, ci, Number(p.row.customerId % 1_000_000_007n)));
      return p.deliveredAt && r.chance(0.006)
        ? [
            {
              phone: p.row.phone,
              customerId: p.row.customerId,
              at: new Date(p.deliveredAt.getTime() + r.int(120_000, 20 * HOUR)),
            },
          ]
        : [];
    });
    if (optOuts.length) {
      await db.query(
        `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, consent_source, opted_out_at, updated_at)
         SELECT $1, x.phone, x.customer_id, 'opted_out', 'whatsapp_keyword', x.at, x.at
         FROM unnest($2::text[], $3::bigint[], $4::timestamptz[]) AS x(phone, customer_id, at)
         ON CONFLICT (shop_id, phone_e164) DO UPDATE SET consent_state = 'opted_out', consent_source = 'whatsapp_keyword',
           opted_out_at = EXCLUDED.opted_out_at, updated_at = EXCLUDED.updated_at`,
        [shopId, optOuts.map((o) => o.phone), optOuts.map((o) => o.customerId.toString()), optOuts.map((o) => o.at)],
      );
      await db.query(
        `INSERT INTO consent_events (shop_id, phone_e164, customer_id, source, previous_state, new_state, detail, at)
         SELECT $1, x.phone, x.customer_id, 'whatsapp_keyword', 'opted_in', 'opted_out', 'STOP', x.at
         FROM unnest($2::text[], $3::bigint[], $4::timestamptz[]) AS x(phone, customer_id, at)`,
        [shopId, optOuts.map((o) => o.phone), optOuts.map((o) => o.customerId.toString()), optOuts.map((o) => o.at)],
      );
    }
    const idOf = new Map(inserted.rows.map((r) => [r.customer_id, BigInt(r.id)]));
    const firstSend = new Map<number, number>();
    for (const p of planned)
      if (p.sentAt)
        firstSend.set(p.row.segmentId, Math.min(firstSend.get(p.row.segmentId) ?? Infinity, p.sentAt.getTime()));

    const recipients: SentRecipient[] = planned.map((p) => ({
      id: idOf.get(p.row.customerId.toString())!,
      customerId: p.row.customerId,
      held: p.group === "holdout",
      sentAt: p.sentAt,
      deliveredAt: p.deliveredAt,
      readAt: p.readAt,
      cohortStart: new Date(firstSend.get(p.row.segmentId) ?? start.getTime()),
      countryCode: p.row.country,
    }));

    // What people did: some bought through the link or with the code; everyone (held out or not) has the same
    // baseline chance of buying anyway in the next five days.
    for (const rcp of recipients) {
      const r = new Random(hashSeed(seed, 12, ci, Number(rcp.customerId % 1_000_000_007n)));
      const key = `${ci}:${rcp.customerId}`;
      const seenAt = rcp.readAt ?? rcp.deliveredAt;
      let placed: { at: Date; via: "link" | "code" | "none" } | null = null;
      if (seenAt && r.chance(campaign.linkRate))
        placed = { at: new Date(seenAt.getTime() + r.int(60_000, 40 * HOUR)), via: "link" };
      else if (seenAt && campaign.discountCode && r.chance(campaign.codeRate))
        placed = { at: new Date(seenAt.getTime() + r.int(HOUR, 96 * HOUR)), via: "code" };
      else if (r.chance(BASELINE_RATE))
        placed = { at: new Date((rcp.sentAt ?? rcp.cohortStart).getTime() + r.int(HOUR, 5 * DAY - HOUR)), via: "none" };
      if (!placed || placed.at >= now || taken.has(key)) continue;
      taken.add(key);
      orderSeq += 1n;
      orders.push(
        buildOrder({
          r,
          seq: orderSeq,
          customerId: rcp.customerId,
          country: rcp.countryCode,
          at: placed.at,
          now,
          variants,
          via: placed.via,
          link: placed.via === "link" ? messageLinkParams(campaignId, rcp.id) : null,
          code: placed.via === "code" ? campaign.discountCode : null,
        }),
      );
    }
  }

  return { recipients: recipientsTotal, orders };
}

function buildOrder(o: {
  r: Random;
  seq: bigint;
  customerId: bigint;
  country: string | null;
  at: Date;
  now: Date;
  variants: Variant[];
  via: "link" | "code" | "none";
  link: string | null;
  code: string | null;
}): OrderRow {
  const { r } = o;
  const id = ID_BASE.order + ID_OFFSET + o.seq;
  const picks = r.sample(o.variants, r.int(1, 3));
  const percentOff = o.code ? BigInt(o.code.replace(/\D/g, "") || "10") : 0n;
  const lines = picks.map((v, i) => {
    const quantity = r.weighted([
      [1, 75],
      [2, 20],
      [3, 5],
    ] as const);
    const gross = v.price * BigInt(quantity);
    return {
      id: ID_BASE.line + ID_OFFSET + o.seq * 10n + BigInt(i),
      productId: v.productId,
      variantId: v.id,
      title: v.title,
      sku: null,
      vendor: null,
      quantity,
      priceMinor: v.price,
      totalDiscountMinor: (gross * percentOff) / 100n,
      compareAtPriceMinor: null,
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.priceMinor * BigInt(l.quantity) - l.totalDiscountMinor, 0n);
  const shipping = subtotal >= 7500n ? 0n : 695n;
  const total = subtotal + shipping;
  const refunds: RefundRow[] = [];
  let cancelledAt: Date | null = null;
  const x = r.next();
  if (x < 0.02) {
    cancelledAt = new Date(Math.min(o.now.getTime() - 1, o.at.getTime() + r.int(HOUR, DAY)));
  } else if (x < 0.08) {
    const refundAt = new Date(o.at.getTime() + r.int(DAY, 14 * DAY));
    if (refundAt < o.now) {
      const amount = r.chance(0.4) ? total : (total * BigInt(r.int(20, 70))) / 100n;
      refunds.push({
        id: ID_BASE.refund + ID_OFFSET + o.seq,
        orderId: id,
        amountMinor: amount,
        note: "Returned",
        createdAt: refundAt,
        processedAt: refundAt,
        lines: [],
      });
    }
  }
  const path = `/products/${picks[0]!.handle}`;
  const landingSite = o.link ? `${path}?${o.link}` : r.chance(0.6) ? path : "/";
  const updatedAt = new Date(
    Math.max(o.at.getTime(), cancelledAt?.getTime() ?? 0, ...refunds.map((f) => f.createdAt.getTime())),
  );
  return {
    id,
    name: `#W${(10000n + o.seq).toString()}`,
    customerId: o.customerId,
    email: null,
    phone: null,
    presentmentCurrency: "USD",
    subtotalMinor: subtotal,
    totalMinor: total,
    totalDiscountsMinor: lines.reduce((s, l) => s + l.totalDiscountMinor, 0n),
    discountCodes: o.code ? [o.code] : [],
    hasAutomaticDiscount: false,
    landingSite,
    referringSite: o.link ? "https://l.wl.co/" : null,
    sourceName: "web",
    financialStatus: cancelledAt
      ? "voided"
      : refunds.length
        ? refunds[0]!.amountMinor >= total
          ? "refunded"
          : "partially_refunded"
        : "paid",
    test: false,
    countryCode: o.country,
    provinceCode: null,
    city: null,
    createdAt: o.at,
    processedAt: o.at,
    updatedAt,
    cancelledAt,
    cancelReason: cancelledAt ? "customer" : null,
    lines,
    refunds,
  };
}

async function ensureSegment(db: Db, shopId: number, s: DemoSegment): Promise<number> {
  const found = await db.query<{ id: number }>(
    `SELECT id FROM segments WHERE shop_id = $1 AND name = $2 AND deleted_at IS NULL`,
    [shopId, s.name],
  );
  if (found.rows[0]) return found.rows[0].id;
  const parsed = parseSegmentParams(s.kind, s.params);
  if (!parsed.ok) throw new Error(`demo segment ${s.name}: ${JSON.stringify(parsed.fieldErrors)}`);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, $2, $3::"SegmentKind", $4::jsonb, now()) RETURNING id`,
    [shopId, s.name, s.kind, JSON.stringify(parsed.params)],
  );
  return rows[0]!.id;
}

async function ensureTemplate(db: Db, shopId: number, name: string): Promise<number> {
  const t = DEMO_CAMPAIGN_TEMPLATES.find((x) => x.name === name);
  if (!t) throw new Error(`demo template ${name} is not in prisma/seed/demo-templates.ts`);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, quality_score, parameter_format, components)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
     ON CONFLICT (shop_id, name, language) DO UPDATE SET synced_at = now() RETURNING id`,
    [
      shopId,
      t.id,
      t.name,
      t.language,
      t.category,
      t.status,
      t.quality_score.score,
      t.parameter_format,
      JSON.stringify(t.components),
    ],
  );
  return rows[0]!.id;
}

// ---- CLI ------------------------------------------------------------------------------------------------------

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({
    options: { shop: { type: "string", default: "demo-store.myshopify.com" }, seed: { type: "string", default: "42" } },
  });
  const databaseUrl = requireDatabaseUrl("seed:campaigns");
  // Attribution runs through the app's pool, which validates the app's configuration.
  process.env.SHOPIFY_API_KEY ??= "demo-api-key";
  process.env.SHOPIFY_API_SECRET ??= "demo-api-secret";
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const { closeDb } = await import("../../app/db.server");
  await runScript(
    "seed:campaigns",
    async () => {
      const shop = await db.query<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [values.shop]);
      if (!shop.rows[0]) throw new Error(`shop ${values.shop} not found: seed the store first`);
      const started = performance.now();
      const result = await seedDemoCampaigns({ db, shopId: shop.rows[0].id, seed: Number(values.seed) });
      // The import history the Settings card reads: the demo's data came from the generator, recorded once as a
      // finished run, so the card does not say "No import has run yet" over 20,000 orders (issue 15, B10).
      await db.query(
        `INSERT INTO bulk_imports (shop_id, run_id, resource, status, object_count, rows_imported, lines_committed, started_at, finished_at, updated_at)
       SELECT $1, 'demo-seed', r.resource, 'completed', r.n, r.n, r.n, sh.created_at, sh.created_at, now()
       FROM shops sh, (VALUES ('products', (SELECT count(*) FROM products WHERE shop_id = $1)),
                              ('customers', (SELECT count(*) FROM customers WHERE shop_id = $1)),
                              ('orders', (SELECT count(*) FROM orders WHERE shop_id = $1))) AS r(resource, n)
       WHERE sh.id = $1 AND NOT EXISTS (SELECT 1 FROM bulk_imports WHERE shop_id = $1)`,
        [shop.rows[0].id],
      );
      // The demo's segments are written straight to the table: compute them now, so none sits at "Not computed
      // yet" and the campaign form offers them with their real counts (issue 15, B1).
      const pending = await db.query(
        `SELECT 1 FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND last_refreshed_at IS NULL LIMIT 1`,
        [shop.rows[0].id],
      );
      if (pending.rowCount) {
        const { refreshAll } = await import("../../app/segments/refresh.server");
        const refreshed = await refreshAll({ shopId: shop.rows[0].id });
        console.log(`demo segments computed: ${Object.keys(refreshed).length}`);
      }
      if (result.skipped) {
        console.log("demo campaigns already seeded");
      } else {
        const { reattributeShop } = await import("../../app/attribution/attribute.server");
        const credited = await reattributeShop({ shopId: shop.rows[0].id });
        console.log(
          `demo campaigns: ${result.campaigns} campaigns, ${result.recipients} recipients, ${result.orders} orders; ` +
            `${credited.ordersCredited} orders credited in ${((performance.now() - started) / 1000).toFixed(1)}s`,
        );
      }
    },
    {
      close: async () => {
        await db.end();
        await closeDb();
      },
    },
  );
}
