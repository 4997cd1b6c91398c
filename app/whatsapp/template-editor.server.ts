// Data for the template mapping editor: the template and its mapping, real customers to preview with (their
// field values loaded by the same set-based query a campaign uses), the shop's segments for the
// empty-parameter count, and the formatting context.
import type { Shop } from "@prisma/client";
import { pool } from "../db.server";
import { countEmptyParameters, loadRecipientFields, type EmptyCounts } from "./fields.server";
import {
  FIELD_KEYS,
  localeOf,
  mappingSchema,
  type FieldRow,
  type FormatContext,
  type TemplateMapping,
} from "./mapping";
import { asTemplateLike, getTemplate, mappingFor, type TemplateRow } from "./templates.server";

export interface PreviewCustomer {
  id: string;
  label: string;
}

export interface EditorData {
  template: TemplateRow;
  mapping: TemplateMapping;
  customers: PreviewCustomer[];
  customer: PreviewCustomer | null;
  row: FieldRow;
  segments: Array<{ id: number; name: string; memberCount: number }>;
  format: FormatContext & { shopName: string };
}

export function formatContextFor(
  shop: Pick<Shop, "currency" | "currencyExponent" | "ianaTimezone">,
  language: string,
): FormatContext {
  return {
    currency: shop.currency,
    currencyExponent: shop.currencyExponent,
    locale: localeOf(language),
    timeZone: shop.ianaTimezone,
  };
}

/** Customers to preview with: a reachable phone, most recent buyers first, or matching a search. */
export async function previewCustomers(shopId: number, search = "", limit = 25): Promise<PreviewCustomer[]> {
  const q = search.trim();
  const { rows } = await pool().query<{
    id: string;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    phone_e164: string | null;
  }>(
    `SELECT id::text, first_name, last_name, email, phone_e164 FROM customers
     WHERE shop_id = $1 AND phone_valid AND deleted_at IS NULL
       AND ($2 = '' OR concat_ws(' ', first_name, last_name, email, phone_e164) ILIKE '%' || $2 || '%')
     ORDER BY last_order_at DESC NULLS LAST, id LIMIT $3`,
    [shopId, q, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    label: [[r.first_name, r.last_name].filter(Boolean).join(" ") || "(no name)", r.email ?? r.phone_e164]
      .filter(Boolean)
      .join(" · "),
  }));
}

export async function previewRow(shopId: number, customerId: string, segmentId: number | null): Promise<FieldRow> {
  const rows = await loadRecipientFields({ shopId, recipients: [{ customerId, segmentId }], fields: FIELD_KEYS });
  return rows.get(customerId) ?? {};
}

export async function editorData(
  shop: Shop,
  templateId: number,
  opts: { customerId?: string | null; segmentId?: number | null } = {},
): Promise<EditorData | null> {
  const template = await getTemplate(shop.id, templateId);
  if (!template) return null;
  const [customers, segments] = await Promise.all([
    previewCustomers(shop.id),
    pool().query<{ id: number; name: string; member_count: number }>(
      `SELECT id, name, member_count FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY name`,
      [shop.id],
    ),
  ]);
  let customer: PreviewCustomer | null = customers[0] ?? null;
  if (opts.customerId && /^\d{1,20}$/.test(opts.customerId)) {
    customer =
      customers.find((c) => c.id === opts.customerId) ??
      (await previewCustomers(shop.id, "", 1000)).find((c) => c.id === opts.customerId) ??
      customer;
  }
  return {
    template,
    mapping: mappingFor(template),
    customers,
    customer,
    row: customer ? await previewRow(shop.id, customer.id, opts.segmentId ?? null) : {},
    segments: segments.rows.map((s) => ({ id: s.id, name: s.name, memberCount: s.member_count })),
    format: { ...formatContextFor(shop, template.language), shopName: shop.name ?? shop.domain },
  };
}

export async function emptyCounts(
  shopId: number,
  templateId: number,
  mappingInput: unknown,
  segmentId: number | null,
): Promise<EmptyCounts | { error: string }> {
  const template = await getTemplate(shopId, templateId);
  if (!template) return { error: "Template not found" };
  const parsed = mappingSchema.safeParse(mappingInput);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid mapping" };
  if (segmentId !== null) {
    const { rowCount } = await pool().query(`SELECT 1 FROM segments WHERE shop_id = $1 AND id = $2`, [
      shopId,
      segmentId,
    ]);
    if (!rowCount) return { error: "Segment not found" };
  }
  return countEmptyParameters({
    shopId,
    template: asTemplateLike(template),
    mapping: parsed.data as TemplateMapping,
    segmentId,
  });
}
