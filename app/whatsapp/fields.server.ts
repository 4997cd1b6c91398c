// Set-based loading of the values template parameters are bound to (app/whatsapp/mapping.ts FIELDS): one
// statement for a whole batch of recipients, selecting only the fields a mapping uses, and the same
// expressions for counting, over a segment's members, how many recipients would leave a parameter empty.
import pg from "pg";
import { pool, withTransaction } from "../db.server";
import {
  FIELDS,
  templateSlots,
  type FieldKey,
  type FieldRow,
  type TemplateLike,
  type TemplateMapping,
} from "./mapping";

type Db = pg.Pool | pg.PoolClient;

type Join = "last_order" | "last_product" | "top_product" | "segment";

// Each field: its SQL over `c` (customer) and the building blocks it needs. Money stays in minor units.
const FIELD_SQL: Record<FieldKey, { sql: string; joins?: Join[] }> = {
  "customer.first_name": { sql: "c.first_name" },
  "customer.last_name": { sql: "c.last_name" },
  "customer.full_name": { sql: "nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), '')" },
  "customer.email": { sql: "c.email" },
  "customer.city": { sql: "c.city" },
  "customer.province": { sql: "c.province" },
  "customer.country": { sql: "c.country_code" },
  "customer.orders_count": { sql: "nullif(c.orders_count, 0)::text" },
  "customer.total_spent": { sql: "CASE WHEN c.orders_count > 0 THEN c.net_spent_minor::text END" },
  "customer.average_order_value": { sql: "CASE WHEN c.orders_count > 0 THEN c.aov_minor::text END" },
  "customer.first_order_date": {
    sql: "to_char(c.first_order_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
  },
  "customer.days_since_last_order": {
    sql: "to_char(c.last_order_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
  },
  "order.last_name": { sql: "lo.name", joins: ["last_order"] },
  "order.last_total": { sql: "lo.total_minor::text", joins: ["last_order"] },
  "order.last_date": {
    sql: "to_char(lo.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    joins: ["last_order"],
  },
  "product.last_title": { sql: "lp.title", joins: ["last_order", "last_product"] },
  "product.last_path": {
    sql: "CASE WHEN lp.handle IS NOT NULL THEN 'products/' || lp.handle END",
    joins: ["last_order", "last_product"],
  },
  "product.top_title": { sql: "tp.title", joins: ["top_product"] },
  "product.top_path": {
    sql: "CASE WHEN tp.handle IS NOT NULL THEN 'products/' || tp.handle END",
    joins: ["top_product"],
  },
  "segment.name": { sql: "sg.name", joins: ["segment"] },
  "shop.name": { sql: "sh.name" },
};

// Set-based building blocks over the recipients `t` (customer_id, segment_id): each is one pass over the
// batch's orders and lines (hash joins or index scans), not a per-customer subquery. Orders that count: not
// test, not cancelled (the same rule as the customer aggregates).
const CTE_SQL: Record<Exclude<Join, "segment">, string> = {
  last_order: `lo AS (
      SELECT DISTINCT ON (o.customer_id) o.customer_id, o.id, o.name, o.total_minor, coalesce(o.processed_at, o.shopify_created_at) AS at
      FROM orders o JOIN (SELECT DISTINCT customer_id FROM t) tc ON o.customer_id = tc.customer_id
      WHERE o.shop_id = $1 AND NOT o.test AND o.cancelled_at IS NULL
      ORDER BY o.customer_id, coalesce(o.processed_at, o.shopify_created_at) DESC, o.id DESC)`,
  last_product: `lp AS (
      SELECT DISTINCT ON (li.order_id) li.order_id, coalesce(p.title, li.title) AS title, p.handle
      FROM lo JOIN line_items li ON li.shop_id = $1 AND li.order_id = lo.id
      LEFT JOIN products p ON p.shop_id = li.shop_id AND p.id = li.product_id
      WHERE li.current_quantity > 0
      ORDER BY li.order_id, li.price_minor * li.current_quantity DESC, li.id)`,
  top_product: `tp AS (
      SELECT DISTINCT ON (x.customer_id) x.customer_id, x.title, x.handle FROM (
        SELECT o.customer_id, max(coalesce(p.title, li.title)) AS title, max(p.handle) AS handle,
               sum(li.current_quantity) AS qty, max(coalesce(o.processed_at, o.shopify_created_at)) AS last_at
        FROM orders o JOIN (SELECT DISTINCT customer_id FROM t) tc ON o.customer_id = tc.customer_id
        JOIN line_items li ON li.shop_id = o.shop_id AND li.order_id = o.id
        LEFT JOIN products p ON p.shop_id = li.shop_id AND p.id = li.product_id
        WHERE o.shop_id = $1 AND NOT o.test AND o.cancelled_at IS NULL AND li.current_quantity > 0
        GROUP BY o.customer_id, coalesce(li.product_id::text, li.title)) x
      ORDER BY x.customer_id, x.qty DESC, x.last_at DESC)`,
};

const JOIN_SQL: Record<Join, string> = {
  last_order: `LEFT JOIN lo ON lo.customer_id = c.id`,
  last_product: `LEFT JOIN lp ON lp.order_id = lo.id`,
  top_product: `LEFT JOIN tp ON tp.customer_id = c.id`,
  segment: `LEFT JOIN segments sg ON sg.shop_id = c.shop_id AND sg.id = t.segment_id`,
};

const JOIN_ORDER: Join[] = ["last_order", "last_product", "top_product", "segment"];

/** The fields a mapping reads. */
export function fieldsOf(mapping: TemplateMapping): FieldKey[] {
  const out = new Set<FieldKey>();
  for (const b of Object.values(mapping.params)) if (b.kind === "field" && b.field in FIELDS) out.add(b.field);
  return [...out];
}

/** The select list, the CTEs (to follow `t`) and the joins the given fields need. */
function selectFor(fields: FieldKey[]): { columns: string; ctes: string; joins: string } {
  const needed = new Set<Join>();
  for (const f of fields) for (const j of FIELD_SQL[f].joins ?? []) needed.add(j);
  const used = JOIN_ORDER.filter((j) => needed.has(j));
  return {
    columns: fields.map((f) => `${FIELD_SQL[f].sql} AS "${f}"`).join(",\n       "),
    ctes: used
      .filter((j): j is Exclude<Join, "segment"> => j !== "segment")
      .map((j) => `, ${CTE_SQL[j]}`)
      .join("\n     "),
    joins: used.map((j) => JOIN_SQL[j]).join("\n     "),
  };
}

export interface RecipientKey {
  customerId: string | bigint;
  /** the segment the recipient was targeted through (for segment.name) */
  segmentId?: number | null;
}

/**
 * The field values of a batch of recipients in one statement. Returns customer id (decimal string) → row;
 * customers that do not exist (deleted, other shop) are absent.
 */
export async function loadRecipientFields(
  args: { shopId: number; recipients: RecipientKey[]; fields: FieldKey[] },
  db: Db = pool(),
): Promise<Map<string, FieldRow>> {
  const out = new Map<string, FieldRow>();
  if (!args.recipients.length) return out;
  const fields = args.fields.length ? args.fields : (["customer.first_name"] as FieldKey[]);
  const { columns, ctes, joins } = selectFor(fields);
  const { rows } = await db.query(
    `WITH t AS (SELECT * FROM unnest($2::bigint[], $3::int[]) AS t(customer_id, segment_id))
     ${ctes}
     SELECT c.id::text AS __customer_id, ${columns}
     FROM t JOIN customers c ON c.shop_id = $1 AND c.id = t.customer_id
     JOIN shops sh ON sh.id = c.shop_id
     ${joins}`,
    [args.shopId, args.recipients.map((r) => String(r.customerId)), args.recipients.map((r) => r.segmentId ?? null)],
  );
  for (const r of rows) {
    const { __customer_id, ...values } = r as Record<string, string | null>;
    out.set(__customer_id!, values as FieldRow);
  }
  return out;
}

export interface EmptyParameterCount {
  slot: string;
  label: string;
  /** recipients whose value is empty and the fallback fills it */
  usingFallback: number;
  /** recipients whose value is empty with no fallback: their send would be rejected, so they are held back */
  empty: number;
}

export interface EmptyCounts {
  /** recipients considered (segment members with a WhatsApp-reachable phone, or every such customer) */
  total: number;
  slots: EmptyParameterCount[];
}

/**
 * How many recipients would get an empty value for each field-bound parameter, counted in one set-based
 * statement over a segment's members (or all customers with a reachable phone when segmentId is null).
 */
export async function countEmptyParameters(
  args: { shopId: number; template: TemplateLike; mapping: TemplateMapping; segmentId: number | null },
  db: Db = pool(),
): Promise<EmptyCounts> {
  const slots = templateSlots(args.template).filter((s) => args.mapping.params[s.id]?.kind === "field");
  const fields = [...new Set(slots.map((s) => (args.mapping.params[s.id] as { field: FieldKey }).field))];
  const { columns, ctes, joins } = selectFor(fields.length ? fields : (["customer.first_name"] as FieldKey[]));
  const filters: string[] = ["count(*)::int AS total"];
  slots.forEach((s, i) => {
    const b = args.mapping.params[s.id] as { field: FieldKey; fallback: string };
    const empty = `nullif(btrim(f."${b.field}"), '') IS NULL`;
    const hasFallback = b.fallback.trim() !== "";
    filters.push(`count(*) FILTER (WHERE ${empty})::int AS e${i}`);
    filters.push(`${hasFallback ? "true" : "false"} AS fb${i}`);
  });
  // Only members WhatsApp can reach are recipients.
  const members =
    args.segmentId === null
      ? `SELECT c0.id AS customer_id, NULL::int AS segment_id FROM customers c0 WHERE c0.shop_id = $1 AND c0.phone_valid AND c0.deleted_at IS NULL`
      : `SELECT m.customer_id, m.segment_id FROM segment_members m JOIN customers c0 ON c0.shop_id = m.shop_id AND c0.id = m.customer_id
         WHERE m.shop_id = $1 AND m.segment_id = $2 AND c0.phone_valid AND c0.deleted_at IS NULL`;
  const params: unknown[] = args.segmentId === null ? [args.shopId] : [args.shopId, args.segmentId];
  // `t` is inlined (NOT MATERIALIZED) so the planner sees how many members there are and hash-joins a large
  // segment's orders instead of looking them up one customer at a time; sorts of a whole shop fit in memory.
  const sql = `WITH t AS NOT MATERIALIZED (${members})
     ${ctes},
     f AS (SELECT ${columns}
           FROM t JOIN customers c ON c.shop_id = $1 AND c.id = t.customer_id
           JOIN shops sh ON sh.id = c.shop_id
           ${joins})
     SELECT ${filters.join(", ")} FROM f`;
  const { rows } =
    db instanceof pg.Pool
      ? await withTransaction(async (c) => {
          await c.query(`SET LOCAL work_mem = '64MB'`);
          return c.query(sql, params);
        })
      : await db.query(sql, params);
  const r = rows[0] as Record<string, number | boolean>;
  return {
    total: Number(r.total ?? 0),
    slots: slots.map((s, i) => {
      const n = Number(r[`e${i}`] ?? 0);
      return { slot: s.id, label: s.label, usingFallback: r[`fb${i}`] ? n : 0, empty: r[`fb${i}`] ? 0 : n };
    }),
  };
}
