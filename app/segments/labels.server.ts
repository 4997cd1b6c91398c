// Human names for what a definition refers to (products, collections, segments), used in preview explanations.
import type pg from "pg";
import type { CombinationParams, ProductSelector, SampleParams, SegmentKind, SegmentParams } from "./definitions";

type Db = pg.Pool | pg.PoolClient;

function list(names: string[], joiner: string, limit = 2): string {
  if (names.length <= limit) return names.join(joiner);
  return `${names.slice(0, limit).join(", ")}${joiner}${names.length - limit} more`;
}

/** "Ceramic Mug or Tea (collection)", "vendor Acme", "3 products or tag sale". */
export async function describeSelector(db: Db, shopId: number, s: ProductSelector): Promise<string> {
  const { rows } = await db.query<{ products: string[]; variants: string[]; collections: string[] }>(
    `SELECT
       array(SELECT title FROM products WHERE shop_id = $1 AND id = ANY($2::bigint[]) ORDER BY title) AS products,
       array(SELECT p.title || coalesce(' – ' || nullif(v.title, 'Default Title'), '')
             FROM product_variants v LEFT JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
             WHERE v.shop_id = $1 AND v.id = ANY($3::bigint[]) ORDER BY 1) AS variants,
       array(SELECT title FROM collections WHERE shop_id = $1 AND id = ANY($4::bigint[]) ORDER BY title) AS collections`,
    [shopId, s.productIds, s.variantIds, s.collectionIds],
  );
  const r = rows[0]!;
  const parts: string[] = [];
  const products = [...r.products, ...r.variants];
  const unknown = s.productIds.length + s.variantIds.length - products.length;
  if (products.length) parts.push(list(products, " or "));
  if (unknown > 0) parts.push(`${unknown} other product${unknown === 1 ? "" : "s"}`);
  if (r.collections.length) parts.push(`${list(r.collections, " or ")} (collection)`);
  if (s.vendors.length) parts.push(`vendor ${list(s.vendors, " or ")}`);
  if (s.productTypes.length) parts.push(`type ${list(s.productTypes, " or ")}`);
  if (s.tags.length) parts.push(`tag ${list(s.tags, " or ")}`);
  return parts.join(" or ") || "the chosen products";
}

async function segmentNames(db: Db, shopId: number, ids: number[]): Promise<Map<number, string>> {
  const { rows } = await db.query<{ id: number; name: string }>(
    `SELECT id, name FROM segments WHERE shop_id = $1 AND id = ANY($2::int[])`, [shopId, ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Labels a kind's `why` expression refers to (see sql/*.server.ts `label(...)` calls). */
export async function resolveLabels(db: Db, shopId: number, kind: SegmentKind, params: SegmentParams): Promise<Record<string, string>> {
  switch (kind) {
    case "cross_sell": {
      const p = params as { a: ProductSelector; b: ProductSelector };
      return { a: await describeSelector(db, shopId, p.a), b: await describeSelector(db, shopId, p.b) };
    }
    case "product_specific":
      return { products: await describeSelector(db, shopId, (params as { products: ProductSelector }).products) };
    case "sample": {
      const p = params as SampleParams;
      const names = await segmentNames(db, shopId, [p.segmentId]);
      return { base: names.get(p.segmentId) ?? "a deleted segment" };
    }
    case "combination": {
      const p = params as CombinationParams;
      const names = await segmentNames(db, shopId, [...p.segmentIds, ...p.exclude]);
      const name = (id: number) => `“${names.get(id) ?? "deleted segment"}”`;
      return {
        inputs: list(p.segmentIds.map(name), p.op === "and" ? " and " : " or ", 3),
        exclude: list(p.exclude.map(name), " or ", 3),
      };
    }
    default:
      return {};
  }
}
