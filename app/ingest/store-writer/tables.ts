// The tables a store write stages and merges into: their columns, the session-local staging tables (COPY targets)
// and the merge of staged rows into the real tables.
import type pg from "pg";

export type Column = readonly [name: string, type: string];

export interface Table {
  /** real table */
  name: string;
  stage: string;
  columns: readonly Column[];
  /** staged columns that are not copied into the real table */
  stageOnly?: readonly Column[];
}

export const COLLECTIONS: Table = {
  name: "collections",
  stage: "segwa_stage_collections",
  columns: [
    ["id", "bigint"],
    ["title", "text"],
    ["handle", "text"],
  ],
};

export const PRODUCTS: Table = {
  name: "products",
  stage: "segwa_stage_products",
  columns: [
    ["id", "bigint"],
    ["title", "text"],
    ["handle", "text"],
    ["vendor", "text"],
    ["product_type", "text"],
    ["tags", "text[]"],
    ["status", "text"],
    ["shopify_updated_at", "timestamptz(3)"],
  ],
};

export const VARIANTS: Table = {
  name: "product_variants",
  stage: "segwa_stage_variants",
  columns: [
    ["id", "bigint"],
    ["product_id", "bigint"],
    ["title", "text"],
    ["sku", "text"],
    ["price_minor", "bigint"],
    ["compare_at_price_minor", "bigint"],
  ],
};

export const PRODUCT_COLLECTIONS: Table = {
  name: "product_collections",
  stage: "segwa_stage_product_collections",
  columns: [
    ["product_id", "bigint"],
    ["collection_id", "bigint"],
  ],
};

export const CUSTOMERS: Table = {
  name: "customers",
  stage: "segwa_stage_customers",
  columns: [
    ["id", "bigint"],
    ["email", "text"],
    ["first_name", "text"],
    ["last_name", "text"],
    ["phone_raw", "text"],
    ["phone_e164", "text"],
    ["phone_valid", "boolean"],
    ["phone_invalid_reason", "text"],
    ["country_code", "char(2)"],
    ["province_code", "text"],
    ["province", "text"],
    ["city", "text"],
    ["tags", "text[]"],
    ["state", "text"],
    ["locale", "text"],
    ["sms_consent_state", "text"],
    ["sms_consent_opt_in_level", "text"],
    ["sms_consent_updated_at", "timestamptz(3)"],
    ["sms_consent_collected_from", "text"],
    ["whatsapp_consent_state", "text"],
    ["whatsapp_consent_opt_in_level", "text"],
    ["whatsapp_consent_updated_at", "timestamptz(3)"],
    ["whatsapp_consent_collected_from", "text"],
    ["whatsapp_consent_source_location", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["shopify_updated_at", "timestamptz(3)"],
  ],
};

export const ORDERS: Table = {
  name: "orders",
  stage: "segwa_stage_orders",
  columns: [
    ["id", "bigint"],
    ["name", "text"],
    ["customer_id", "bigint"],
    ["email", "text"],
    ["phone", "text"],
    ["presentment_currency", "char(3)"],
    ["subtotal_minor", "bigint"],
    ["total_minor", "bigint"],
    ["total_discounts_minor", "bigint"],
    ["refunded_minor", "bigint"],
    ["net_minor", "bigint"],
    ["discount_codes", "text[]"],
    ["has_discount_code", "boolean"],
    ["has_automatic_discount", "boolean"],
    ["has_markdown", "boolean"],
    ["landing_site", "text"],
    ["referring_site", "text"],
    ["utm_source", "text"],
    ["utm_medium", "text"],
    ["utm_campaign", "text"],
    ["wa_ref", "text"],
    ["source_name", "text"],
    ["financial_status", "text"],
    ["test", "boolean"],
    ["country_code", "char(2)"],
    ["province_code", "text"],
    ["city", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["processed_at", "timestamptz(3)"],
    ["shopify_updated_at", "timestamptz(3)"],
    ["cancelled_at", "timestamptz(3)"],
    ["cancel_reason", "text"],
  ],
};

export const LINES: Table = {
  name: "line_items",
  stage: "segwa_stage_lines",
  columns: [
    ["id", "bigint"],
    ["order_id", "bigint"],
    ["product_id", "bigint"],
    ["variant_id", "bigint"],
    ["title", "text"],
    ["sku", "text"],
    ["vendor", "text"],
    ["quantity", "integer"],
    ["current_quantity", "integer"],
    ["price_minor", "bigint"],
    ["total_discount_minor", "bigint"],
    ["compare_at_price_minor", "bigint"],
    ["is_markdown", "boolean"],
  ],
};

export const REFUNDS: Table = {
  name: "refunds",
  stage: "segwa_stage_refunds",
  columns: [
    ["id", "bigint"],
    ["order_id", "bigint"],
    ["amount_minor", "bigint"],
    ["note", "text"],
    ["shopify_created_at", "timestamptz(3)"],
    ["processed_at", "timestamptz(3)"],
    ["lines", "jsonb"],
  ],
};

export const ALL_TABLES = [COLLECTIONS, PRODUCTS, VARIANTS, PRODUCT_COLLECTIONS, CUSTOMERS, ORDERS, LINES, REFUNDS];

// Staged rows are matched to stored ones through `id = ANY(ARRAY(SELECT id FROM <stage>))`: an index scan of the
// stored table for exactly the staged ids, whatever the planner believes about the tables' sizes (during an import
// their statistics are stale, and a hash join would read the shop's whole table for every batch).

/** Connections that already have the session's staging tables. */
export const staged = new WeakSet<pg.PoolClient>();

export function stageDdl(table: Table): string {
  const cols = table.columns.map(([name, type]) => `${name} ${type}`).join(", ");
  return `CREATE TEMP TABLE IF NOT EXISTS ${table.stage} (${cols}) ON COMMIT DELETE ROWS`;
}

/**
 * Merge staged rows into the real table. Rows whose every column is unchanged are skipped, so replaying a
 * source writes nothing; `updated_at` moves only when the row did.
 */
function upsertSql(table: Table, opts: { touchUpdatedAt: boolean }): string {
  const names = table.columns.map(([name]) => name);
  const mutable = names.filter((name) => name !== "id");
  const insertCols = ["shop_id", ...names, ...(opts.touchUpdatedAt ? ["updated_at"] : [])];
  const selectCols = ["$1::int", ...names, ...(opts.touchUpdatedAt ? ["now()"] : [])];
  const sets = mutable.map((name) => `${name} = EXCLUDED.${name}`);
  if (opts.touchUpdatedAt) sets.push("updated_at = now()");
  const current = mutable.map((name) => `${table.name}.${name}`).join(", ");
  const incoming = mutable.map((name) => `EXCLUDED.${name}`).join(", ");
  // Stale staged rows are dropped before the merge, but two writers can race past that check (an order's
  // create and its cancellation applied at once): the merge itself never lets an older version overwrite.
  const newer = names.includes("shopify_updated_at")
    ? ` AND (${table.name}.shopify_updated_at IS NULL OR EXCLUDED.shopify_updated_at IS NULL OR ${table.name}.shopify_updated_at <= EXCLUDED.shopify_updated_at)`
    : "";
  return `INSERT INTO ${table.name} (${insertCols.join(", ")})
    SELECT ${selectCols.join(", ")} FROM ${table.stage}
    ON CONFLICT (shop_id, id) DO UPDATE SET ${sets.join(", ")}
    WHERE (${current}) IS DISTINCT FROM (${incoming})${newer}`;
}

export const SQL = {
  collections: upsertSql(COLLECTIONS, { touchUpdatedAt: false }),
  products: upsertSql(PRODUCTS, { touchUpdatedAt: true }),
  variants: upsertSql(VARIANTS, { touchUpdatedAt: false }),
  customers: upsertSql(CUSTOMERS, { touchUpdatedAt: true }),
  orders: upsertSql(ORDERS, { touchUpdatedAt: true }),
  lines: upsertSql(LINES, { touchUpdatedAt: false }),
  refunds: upsertSql(REFUNDS, { touchUpdatedAt: false }),
};
