// The dispatch context: everything a batch needs that does not change between batches (the WhatsApp client,
// number limits, template and mapping, shop formats, consent settings, prices), loaded once per dispatcher.
import { pool } from "../../db.server";
import { loadConsentSettings } from "../../consent/settings.server";
import { clientForShop } from "../../whatsapp/account.server";
import type { WhatsAppClient } from "../../whatsapp/client.server";
import { fieldsOf } from "../../whatsapp/fields.server";
import { asTemplateLike, effectiveMapping, type TemplateLike, type TemplateMapping } from "../../whatsapp/mapping";
import type { TemplateComponent } from "../../whatsapp/types";
import { getPriceTable, unitPriceMicros, usdMicrosToMinor, type ShopPriceTable } from "../../pricing/prices.server";
import { billedCategory } from "../../pricing/rate-card";
import { tierLimit } from "../rates.server";
import { loadCampaignRow } from "./campaign.server";
import { readShopFormat } from "../../shops/format.server";

interface TemplateRow {
  name: string;
  language: string;
  category: string;
  status: string;
  parameter_format: string;
  components: TemplateComponent[];
  default_mapping: unknown;
}

export interface Ctx {
  shopId: number;
  campaignId: number;
  client: WhatsAppClient;
  phoneNumberId: string;
  mps: number;
  budgetLimit: number;
  template: TemplateLike;
  templateCategory: string;
  mapping: TemplateMapping;
  fields: ReturnType<typeof fieldsOf>;
  shop: { currency: string; currencyExponent: number; timeZone: string; name: string | null };
  settings: { countSms: boolean; optInTag: string };
  prices: ShopPriceTable;
  costByCountry: Map<string, bigint | null>;
}
export async function loadCtx(shopId: number, campaignId: number): Promise<Ctx> {
  const c = await loadCampaignRow(shopId, campaignId);
  if (!c) throw new Error(`campaign ${campaignId} of shop ${shopId} not found`);
  const t = (
    await pool().query<TemplateRow>(
      `SELECT name, language, category, status, parameter_format, components, default_mapping FROM whatsapp_templates WHERE shop_id = $1 AND id = $2`,
      [shopId, c.template_id],
    )
  ).rows[0]!;
  const shop = await readShopFormat(shopId);
  const { client, account } = await clientForShop(shopId);
  const template = asTemplateLike({
    name: t.name,
    language: t.language,
    parameterFormat: t.parameter_format,
    components: t.components,
  });
  const mapping = effectiveMapping(c.mapping, t.default_mapping, template);
  const settings = await loadConsentSettings(shopId);
  return {
    shopId,
    campaignId,
    client,
    phoneNumberId: account.phoneNumberId,
    mps: Math.max(1, account.throughputMps),
    budgetLimit: tierLimit(account.messagingLimitTier),
    template,
    templateCategory: t.category,
    mapping: mapping as TemplateMapping,
    fields: fieldsOf(mapping as TemplateMapping),
    shop: {
      currency: shop.currency,
      currencyExponent: shop.currencyExponent,
      timeZone: shop.timeZone,
      name: shop.name,
    },
    settings: { countSms: settings.countShopifySmsConsent, optInTag: settings.optInTag },
    prices: await getPriceTable(shopId),
    costByCountry: new Map(),
  };
}

export function costMinor(ctx: Ctx, country: string | null): bigint | null {
  const key = country ?? "";
  if (!ctx.costByCountry.has(key)) {
    const category = billedCategory(null, ctx.templateCategory);
    const micros = category ? unitPriceMicros(ctx.prices, country, category) : 0;
    ctx.costByCountry.set(
      key,
      ctx.prices.usdRate ? usdMicrosToMinor(BigInt(micros), ctx.prices.usdRate, ctx.prices.currencyExponent) : null,
    );
  }
  return ctx.costByCountry.get(key)!;
}
