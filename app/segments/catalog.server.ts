// The builder's pickers over our own copy of the store: products, variants, collections, vendors, product types and
// tags (product selectors), countries, provinces and cities (location). Works in demo mode, where there is no
// Shopify resource picker, and gives every pick the name the merchant saw.
import { pool } from "../db.server";
import type { Pick, PickType, Place, PlaceType } from "./builder-form";
import type { ProductSelector } from "./definitions";

export type CatalogType = PickType | PlaceType;
export const CATALOG_TYPES: readonly CatalogType[] = [
  "product",
  "variant",
  "collection",
  "vendor",
  "type",
  "tag",
  "country",
  "province",
  "city",
];

export interface CatalogItem {
  type: CatalogType;
  value: string;
  label: string;
  /** secondary text: vendor and type of a product, how many customers bought or live there */
  detail: string | null;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** LIKE pattern for "contains", with the user's % and _ taken literally. */
function contains(query: string): string {
  return `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Up to `limit` matches of `query` (empty: the first ones by popularity or name). */
export async function searchCatalog(opts: {
  shopId: number;
  type: CatalogType;
  query: string;
  limit?: number;
}): Promise<CatalogItem[]> {
  const limit = Math.max(1, Math.min(opts.limit ?? 20, 50));
  const like = contains(opts.query);
  const db = pool();
  const args = [opts.shopId, like, limit];
  switch (opts.type) {
    case "product": {
      // How many customers bought each shown product (customer_products: one index range per product, only for the
      // page of results — ranking the whole catalogue by it would read every product's range).
      const { rows } = await db.query<{
        id: string;
        title: string;
        vendor: string | null;
        product_type: string | null;
        buyers: number;
      }>(
        `SELECT p.id::text, p.title, p.vendor, p.product_type,
           (SELECT count(DISTINCT cp.customer_id)::int FROM customer_products cp WHERE cp.shop_id = p.shop_id AND cp.product_id = p.id) AS buyers
         FROM (SELECT * FROM products WHERE shop_id = $1 AND deleted_at IS NULL AND (title ILIKE $2 OR vendor ILIKE $2)
               ORDER BY title, id LIMIT $3) p
         ORDER BY p.title, p.id`,
        args,
      );
      return rows.map((r) => ({
        type: "product",
        value: r.id,
        label: r.title,
        detail: [r.vendor, r.product_type, `${r.buyers.toLocaleString("en")} buyers`].filter(Boolean).join(" · "),
      }));
    }
    case "variant": {
      const { rows } = await db.query<{ id: string; title: string; sku: string | null }>(
        `SELECT v.id::text, p.title || coalesce(' – ' || nullif(v.title, 'Default Title'), '') AS title, v.sku
         FROM product_variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
         WHERE v.shop_id = $1 AND p.deleted_at IS NULL AND (p.title ILIKE $2 OR v.title ILIKE $2 OR v.sku ILIKE $2)
         ORDER BY 2 LIMIT $3`,
        args,
      );
      return rows.map((r) => ({ type: "variant", value: r.id, label: r.title, detail: r.sku ? `SKU ${r.sku}` : null }));
    }
    case "collection": {
      const { rows } = await db.query<{ id: string; title: string; products: number }>(
        `SELECT c.id::text, c.title,
           (SELECT count(*)::int FROM product_collections pc WHERE pc.shop_id = c.shop_id AND pc.collection_id = c.id) AS products
         FROM collections c WHERE c.shop_id = $1 AND c.title ILIKE $2 ORDER BY c.title LIMIT $3`,
        args,
      );
      return rows.map((r) => ({
        type: "collection",
        value: r.id,
        label: r.title,
        detail: `${r.products.toLocaleString("en")} products`,
      }));
    }
    case "vendor":
    case "type": {
      const col = opts.type === "vendor" ? "vendor" : "product_type";
      const { rows } = await db.query<{ name: string; products: number }>(
        `SELECT min(${col}) AS name, count(*)::int AS products FROM products
         WHERE shop_id = $1 AND deleted_at IS NULL AND coalesce(${col}, '') <> '' AND ${col} ILIKE $2
         GROUP BY lower(${col}) ORDER BY count(*) DESC, 1 LIMIT $3`,
        args,
      );
      return rows.map((r) => ({
        type: opts.type,
        value: r.name,
        label: r.name,
        detail: `${r.products.toLocaleString("en")} products`,
      }));
    }
    case "tag": {
      const { rows } = await db.query<{ name: string; products: number }>(
        `SELECT min(t) AS name, count(*)::int AS products FROM products p CROSS JOIN LATERAL unnest(p.tags) t
         WHERE p.shop_id = $1 AND p.deleted_at IS NULL AND t ILIKE $2 GROUP BY lower(t) ORDER BY count(*) DESC, 1 LIMIT $3`,
        args,
      );
      return rows.map((r) => ({
        type: "tag",
        value: r.name,
        label: r.name,
        detail: `${r.products.toLocaleString("en")} products`,
      }));
    }
    case "country": {
      // Country names are matched in English as well as by code.
      const { rows } = await db.query<{ code: string; customers: number }>(
        `SELECT country_code AS code, count(*)::int AS customers FROM customers
         WHERE shop_id = $1 AND deleted_at IS NULL AND country_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
        [opts.shopId],
      );
      const q = opts.query.trim().toLowerCase();
      return rows
        .map((r) => ({
          type: "country" as const,
          value: r.code,
          label: `${countryName(r.code)} (${r.code})`,
          detail: `${r.customers.toLocaleString("en")} customers`,
        }))
        .filter((r) => !q || r.label.toLowerCase().includes(q))
        .slice(0, limit);
    }
    case "province": {
      const { rows } = await db.query<{ code: string; name: string | null; customers: number }>(
        `SELECT country_code || '-' || upper(province_code) AS code, min(province) AS name, count(*)::int AS customers FROM customers
         WHERE shop_id = $1 AND deleted_at IS NULL AND country_code IS NOT NULL AND coalesce(province_code, '') <> ''
           AND (province ILIKE $2 OR province_code ILIKE $2 OR country_code || '-' || province_code ILIKE $2)
         GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT $3`,
        args,
      );
      return rows.map((r) => ({
        type: "province",
        value: r.code,
        label: r.name ? `${r.name} (${r.code})` : r.code,
        detail: `${r.customers.toLocaleString("en")} customers`,
      }));
    }
    case "city": {
      const { rows } = await db.query<{ name: string; country: string | null; customers: number }>(
        `SELECT min(btrim(city)) AS name, min(country_code) AS country, count(*)::int AS customers FROM customers
         WHERE shop_id = $1 AND deleted_at IS NULL AND coalesce(btrim(city), '') <> '' AND city ILIKE $2
         GROUP BY lower(btrim(city)) ORDER BY 3 DESC, 1 LIMIT $3`,
        args,
      );
      return rows.map((r) => ({
        type: "city",
        value: r.name,
        label: r.country ? `${r.name}, ${r.country}` : r.name,
        detail: `${r.customers.toLocaleString("en")} customers`,
      }));
    }
  }
}

/** A saved selector as picks with names, for the edit form (ids no longer in the catalogue keep their id). */
export async function selectorToPicks(shopId: number, s: ProductSelector): Promise<Pick[]> {
  const { rows } = await pool().query<{ type: PickType; value: string; label: string }>(
    `SELECT 'product' AS type, x::text AS value, coalesce(p.title, 'Product ' || x::text) AS label
       FROM unnest($2::bigint[]) x LEFT JOIN products p ON p.shop_id = $1 AND p.id = x
     UNION ALL
     SELECT 'variant', x::text, coalesce(p.title || coalesce(' – ' || nullif(v.title, 'Default Title'), ''), 'Variant ' || x::text)
       FROM unnest($3::bigint[]) x LEFT JOIN product_variants v ON v.shop_id = $1 AND v.id = x
       LEFT JOIN products p ON p.shop_id = $1 AND p.id = v.product_id
     UNION ALL
     SELECT 'collection', x::text, coalesce(c.title, 'Collection ' || x::text)
       FROM unnest($4::bigint[]) x LEFT JOIN collections c ON c.shop_id = $1 AND c.id = x`,
    [shopId, s.productIds, s.variantIds, s.collectionIds],
  );
  return [
    ...rows,
    ...s.vendors.map((v) => ({ type: "vendor" as const, value: v, label: v })),
    ...s.productTypes.map((v) => ({ type: "type" as const, value: v, label: v })),
    ...s.tags.map((v) => ({ type: "tag" as const, value: v, label: v })),
  ];
}

/** Saved location codes as places with names. */
export function locationToPlaces(p: { countryCodes: string[]; provinceCodes: string[]; cities: string[] }): Place[] {
  return [
    ...p.countryCodes.map((c) => ({ type: "country" as const, value: c, label: `${countryName(c)} (${c})` })),
    ...p.provinceCodes.map((c) => ({ type: "province" as const, value: c, label: c })),
    ...p.cities.map((c) => ({ type: "city" as const, value: c, label: c })),
  ];
}
