// What the builder pages load: the shop's currency for amount fields, the other segments (inputs of samples and
// combinations), and a saved segment turned back into the builder's form (picks with their names).
import type { Shop } from "@prisma/client";
import { pool } from "../db.server";
import { defaultForm, paramsToForm, type BuilderForms, type Pick as Picked } from "./builder-form";
import { locationToPlaces, selectorToPicks } from "./catalog.server";
import {
  isSegmentKind,
  parseSegmentParams,
  type ProductSelector,
  type SegmentKind,
  type SegmentParamsByKind,
} from "./definitions";
import { currencySymbol } from "../shops/format.server";

export interface BuilderContext {
  currency: { code: string; symbol: string; exponent: number };
  segments: { id: number; name: string; memberCount: number }[];
}

export async function builderContext(
  shop: Pick<Shop, "id" | "currency" | "currencyExponent">,
  exceptId?: number,
): Promise<BuilderContext> {
  const { rows } = await pool().query<{ id: number; name: string; member_count: number }>(
    `SELECT id, name, member_count FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND ($2::int IS NULL OR id <> $2) ORDER BY name`,
    [shop.id, exceptId ?? null],
  );
  const code = shop.currency.trim();
  return {
    currency: { code, symbol: currencySymbol(code), exponent: shop.currencyExponent },
    segments: rows.map((r) => ({ id: r.id, name: r.name, memberCount: r.member_count })),
  };
}

export interface SavedForm {
  id: number;
  name: string;
  kind: SegmentKind;
  form: BuilderForms[SegmentKind];
}

/** A saved segment as the builder's form; null when it does not exist (or its definition no longer parses). */
export async function savedForm(
  shop: Pick<Shop, "id" | "currencyExponent">,
  segmentId: number,
): Promise<SavedForm | null> {
  const { rows } = await pool().query<{ id: number; name: string; kind: string; params: unknown }>(
    `SELECT id, name, kind::text AS kind, params FROM segments WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL`,
    [segmentId, shop.id],
  );
  const row = rows[0];
  if (!row || !isSegmentKind(row.kind)) return null;
  const kind = row.kind;
  const parsed = parseSegmentParams(kind, row.params);
  if (!parsed.ok) return { id: row.id, name: row.name, kind, form: defaultForm(kind) };
  const picks: Record<string, Picked[]> = {};
  if (kind === "cross_sell") {
    const p = parsed.params as SegmentParamsByKind["cross_sell"];
    picks.a = await selectorToPicks(shop.id, p.a);
    picks.b = await selectorToPicks(shop.id, p.b);
  }
  if (kind === "product_specific")
    picks.products = await selectorToPicks(
      shop.id,
      (parsed.params as SegmentParamsByKind["product_specific"]).products,
    );
  const places = kind === "location" ? locationToPlaces(parsed.params as SegmentParamsByKind["location"]) : undefined;
  return {
    id: row.id,
    name: row.name,
    kind,
    form: paramsToForm(kind, parsed.params, shop.currencyExponent, { picks, places }),
  };
}

/**
 * A cross-sell form prefilled from a link (`?a=product:123&b=collection:456`, as the suggestions on the segment list
 * link to it), with names looked up; unknown kinds of picks are ignored.
 */
export async function crossSellFromLink(shopId: number, url: URL): Promise<BuilderForms["cross_sell"] | null> {
  const selector = async (key: string) => {
    const s: ProductSelector = {
      productIds: [],
      variantIds: [],
      collectionIds: [],
      vendors: [],
      productTypes: [],
      tags: [],
    };
    for (const raw of url.searchParams.getAll(key)) {
      const [type, ...rest] = raw.split(":");
      const value = rest.join(":");
      if (!value) continue;
      if (type === "product" && /^\d+$/.test(value)) s.productIds.push(value);
      if (type === "collection" && /^\d+$/.test(value)) s.collectionIds.push(value);
      if (type === "type") s.productTypes.push(value);
    }
    return selectorToPicks(shopId, s);
  };
  if (!url.searchParams.has("a")) return null;
  return { ...defaultForm("cross_sell"), a: await selector("a"), b: await selector("b") };
}
