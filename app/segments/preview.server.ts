// "Why they match": the builder's live preview (exact size and a few members with their reason, for parameters not
// saved yet) and explanations for given members of a saved segment (the segment page, campaign recipients).
// Both run the kind's own statement, restricted where possible, with its `why` expression; nothing is written.
import { pool } from "../db.server";
import { parseBuilderForm } from "./builder-form";
import {
  AOV_BANDS,
  isSegmentKind,
  parseSegmentParams,
  type AovBand,
  type AovTierParams,
  type SegmentKind,
  type SegmentParams,
} from "./definitions";
import { resolveLabels } from "./labels.server";
import { withCtes, type Computed, type KindContext } from "./sql/common.server";
import { checkSegmentReferences } from "./references.server";
import {
  buildContext,
  computeFigures,
  memberSelect,
  SegmentParamsError,
  shopFormat,
  withSegmentSession,
} from "./statement.server";

export interface PreviewOptions {
  shopId: number;
  kind: SegmentKind;
  /** raw builder input; validated here (invalid input throws SegmentParamsError with field errors) */
  params: unknown;
  /** the segment being edited (rejects a sample or combination built from itself) */
  segmentId?: number;
  now?: Date;
  sampleSize?: number;
}

export interface PreviewMember {
  customerId: string;
  name: string;
  email: string | null;
  why: string;
}

export interface Preview {
  count: number;
  sample: PreviewMember[];
  /** store-wide figures the preview was judged against (AOV cut points, VIP threshold, RFM breaks) */
  computed: Computed;
}

interface ExplainedRow {
  customer_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  why: string | null;
}

function displayName(r: {
  customer_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
}): string {
  return [r.first_name, r.last_name].filter(Boolean).join(" ") || r.email || `Customer ${r.customer_id}`;
}

/** Live preview for the builder: exact count and a few members with the reason they qualify. Writes nothing. */
export async function previewSegment(opts: PreviewOptions): Promise<Preview> {
  const parsed = parseSegmentParams(opts.kind, opts.params, { segmentId: opts.segmentId });
  if (!parsed.ok) throw new SegmentParamsError(parsed.fieldErrors);
  const now = opts.now ?? new Date();
  return withSegmentSession(async (db) => {
    const format = await shopFormat(db, opts.shopId);
    const computed = await computeFigures(db, opts.kind, opts.shopId, parsed.params, now, format.money);
    const labels = await resolveLabels(db, opts.shopId, opts.kind, parsed.params);
    const ctx = buildContext({
      kind: opts.kind,
      shopId: opts.shopId,
      params: parsed.params,
      computed,
      now,
      customerIds: null,
      money: format.money,
      labels,
    });
    const kq = memberSelect(opts.kind, ctx as KindContext<SegmentParams>);
    const limit = ctx.q.param(Math.max(0, Math.min(opts.sampleSize ?? 10, 100)), "int");
    const { rows } = await db.query<ExplainedRow & { total: number }>(
      `${withCtes(kq, [`members AS MATERIALIZED (${kq.select})`])}
       SELECT (SELECT count(DISTINCT customer_id) FROM members)::int AS total, x.*
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT m.customer_id::text AS customer_id, c.first_name, c.last_name, c.email, ${kq.why()} AS why
         FROM (SELECT DISTINCT ON (customer_id) * FROM members ORDER BY customer_id LIMIT ${limit}) m
         JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = m.customer_id
         ORDER BY m.customer_id
       ) x ON true`,
      ctx.q.values,
    );
    const count = rows[0]?.total ?? 0;
    const sample = rows
      .filter((r) => r.customer_id !== null)
      .map((r) => ({ customerId: r.customer_id!, name: displayName(r), email: r.email, why: r.why ?? "" }));
    return { count, sample, computed };
  });
}

/**
 * Why each of these customers is in a saved segment, judged by its stored definition and frozen store-wide
 * figures — the same statement the refresh runs, restricted to these customers. A customer missing from the
 * result no longer matches (their data changed and the refresh has not caught up yet, or they never matched).
 * For the segment page and for campaign recipients: pass at most a page of customers at a time.
 */
export async function explainMembers(opts: {
  shopId: number;
  segmentId: number;
  customerIds: readonly (bigint | string)[];
  now?: Date;
}): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!opts.customerIds.length) return out;
  const db = pool();
  const { rows: segs } = await db.query<{ kind: string; params: unknown; computed: Computed }>(
    `SELECT kind::text AS kind, params, computed FROM segments WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL`,
    [opts.segmentId, opts.shopId],
  );
  const seg = segs[0];
  if (!seg || !isSegmentKind(seg.kind)) return out;
  const parsed = parseSegmentParams(seg.kind, seg.params);
  if (!parsed.ok) return out;
  const format = await shopFormat(db, opts.shopId);
  const labels = await resolveLabels(db, opts.shopId, seg.kind, parsed.params);
  const ctx = buildContext({
    kind: seg.kind,
    shopId: opts.shopId,
    params: parsed.params,
    computed: seg.computed ?? {},
    now: opts.now ?? new Date(),
    customerIds: opts.customerIds.map(String),
    money: format.money,
    labels,
  });
  const kq = memberSelect(seg.kind, ctx as KindContext<SegmentParams>);
  const { rows } = await withSegmentSession((client) =>
    client.query<{ customer_id: string; why: string | null }>(
      `${withCtes(kq)}SELECT DISTINCT ON (m.customer_id) m.customer_id::text AS customer_id, ${kq.why()} AS why
     FROM (${kq.select}) m JOIN customers c ON c.shop_id = ${ctx.p.shop} AND c.id = m.customer_id
     ORDER BY m.customer_id`,
      ctx.q.values,
    ),
  );
  for (const r of rows) out.set(r.customer_id, r.why ?? "");
  return out;
}

// ---- the builder's preview ------------------------------------------------------------------------------------

export type FormPreview =
  | {
      ok: true;
      count: number;
      sample: PreviewMember[];
      computed: Computed;
      /** live customers of the shop, for "12% of your customers" */
      customers: number;
      /** AOV tiers created as a set: the size of each band */
      bands?: { band: AovBand; count: number }[];
    }
  | { ok: false; fieldErrors: Record<string, string> };

/** Preview of the builder's form as it stands (validated like a save; nothing is written). */
export async function previewForm(opts: {
  shopId: number;
  kind: unknown;
  form: unknown;
  segmentId?: number;
  allBands?: boolean;
  now?: Date;
}): Promise<FormPreview> {
  if (!isSegmentKind(opts.kind)) return { ok: false, fieldErrors: { kind: "Choose a kind of segment" } };
  const kind = opts.kind;
  const format = await shopFormat(pool(), opts.shopId);
  const parsed = parseBuilderForm(kind, opts.form, format.money.exponent, { segmentId: opts.segmentId });
  if (!parsed.ok) return parsed;
  const refs = await checkSegmentReferences({
    shopId: opts.shopId,
    segmentId: opts.segmentId,
    kind,
    params: parsed.params,
  });
  if (refs) return { ok: false, fieldErrors: refs };
  const preview = await previewSegment({
    shopId: opts.shopId,
    kind,
    params: parsed.params,
    segmentId: opts.segmentId,
    now: opts.now,
    sampleSize: 8,
  });
  const customers = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM customers WHERE shop_id = $1 AND deleted_at IS NULL`,
    [opts.shopId],
  );
  let bands: { band: AovBand; count: number }[] | undefined;
  const aov = parsed.params as AovTierParams;
  if (kind === "aov_tier" && opts.allBands && aov.mode === "quantile" && opts.segmentId === undefined) {
    bands = [];
    for (const band of AOV_BANDS) {
      const b =
        band === aov.band
          ? preview
          : await previewSegment({ shopId: opts.shopId, kind, params: { ...aov, band }, now: opts.now, sampleSize: 0 });
      bands.push({ band, count: b.count });
    }
  }
  return {
    ok: true,
    count: preview.count,
    sample: preview.sample,
    computed: preview.computed,
    customers: customers.rows[0]?.n ?? 0,
    bands,
  };
}
