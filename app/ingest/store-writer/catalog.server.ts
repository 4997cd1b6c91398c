// Catalogue batches: collections, and products with their variants and collection memberships (a written product's
// variants and memberships are exactly those staged).
import type pg from "pg";
import type { CollectionRow, ProductRow } from "../rows";
import { copyInto, CsvBuffer } from "./copy.server";
import { COLLECTIONS, PRODUCT_COLLECTIONS, PRODUCTS, SQL, VARIANTS } from "./tables";

export async function writeCollections(client: pg.PoolClient, shopId: number, rows: Iterable<CollectionRow>) {
  const csv = new CsvBuffer();
  for (const row of rows) csv.push([row.id, row.title, row.handle]);
  await copyInto(client, COLLECTIONS, csv);
  await client.query(SQL.collections, [shopId]);
  return csv.rows;
}

export async function writeProducts(client: pg.PoolClient, shopId: number, rows: Iterable<ProductRow>) {
  const products = new CsvBuffer();
  const variants = new CsvBuffer();
  const memberships = new CsvBuffer();
  for (const row of rows) {
    products.push([row.id, row.title, row.handle, row.vendor, row.productType, row.tags, row.status, row.updatedAt]);
    for (const v of row.variants) {
      variants.push([v.id, row.id, v.title, v.sku, v.priceMinor, v.compareAtPriceMinor]);
    }
    for (const collectionId of new Set(row.collectionIds.map(String))) memberships.push([row.id, collectionId]);
  }
  await copyInto(client, PRODUCTS, products);
  await copyInto(client, VARIANTS, variants);
  await copyInto(client, PRODUCT_COLLECTIONS, memberships);
  const stale = await client.query(
    `DELETE FROM ${PRODUCTS.stage} s USING products p
     WHERE p.shop_id = $1 AND p.id = ANY(ARRAY(SELECT id FROM ${PRODUCTS.stage})) AND p.id = s.id
       AND p.shopify_updated_at > s.shopify_updated_at`,
    [shopId],
  );
  if (stale.rowCount) {
    await client.query(
      `DELETE FROM ${VARIANTS.stage} v WHERE NOT EXISTS (SELECT 1 FROM ${PRODUCTS.stage} s WHERE s.id = v.product_id)`,
    );
    await client.query(
      `DELETE FROM ${PRODUCT_COLLECTIONS.stage} m WHERE NOT EXISTS (SELECT 1 FROM ${PRODUCTS.stage} s WHERE s.id = m.product_id)`,
    );
  }
  await client.query(SQL.products, [shopId]);
  // A written product's variants and collections are exactly those staged: drop the ones it no longer has.
  await client.query(
    `DELETE FROM product_variants v
     WHERE v.shop_id = $1 AND v.product_id = ANY(ARRAY(SELECT id FROM ${PRODUCTS.stage}))
       AND NOT EXISTS (SELECT 1 FROM ${VARIANTS.stage} sv WHERE sv.id = v.id)`,
    [shopId],
  );
  await client.query(SQL.variants, [shopId]);
  await client.query(
    `DELETE FROM product_collections m
     WHERE m.shop_id = $1 AND m.product_id = ANY(ARRAY(SELECT id FROM ${PRODUCTS.stage}))
       AND NOT EXISTS (SELECT 1 FROM ${PRODUCT_COLLECTIONS.stage} sm
                       WHERE sm.product_id = m.product_id AND sm.collection_id = m.collection_id)`,
    [shopId],
  );
  await client.query(
    `INSERT INTO product_collections (shop_id, product_id, collection_id)
     SELECT $1, product_id, collection_id FROM ${PRODUCT_COLLECTIONS.stage}
     ON CONFLICT DO NOTHING`,
    [shopId],
  );
  return products.rows;
}
