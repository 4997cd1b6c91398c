// Template mapping, part 1: the customer, order, product, segment and store fields a template parameter can be
// bound to, and how each raw value is formatted for the message (money, dates in the shop's zone, countries).
// Pure and shared by the browser and the server (app/whatsapp/mapping.ts lists the parts).
import { formatMoney } from "../lib/money";

export type FieldFormat = "text" | "money" | "date" | "number" | "country" | "path";

export interface FieldDef {
  label: string;
  group: "Customer" | "Last order" | "Product" | "Segment" | "Store";
  format: FieldFormat;
  /** shown in the editor under the field */
  help?: string;
}

export const FIELDS = {
  "customer.first_name": { label: "First name", group: "Customer", format: "text" },
  "customer.last_name": { label: "Last name", group: "Customer", format: "text" },
  "customer.full_name": { label: "Full name", group: "Customer", format: "text" },
  "customer.email": { label: "Email", group: "Customer", format: "text" },
  "customer.city": { label: "City", group: "Customer", format: "text" },
  "customer.province": { label: "State / province", group: "Customer", format: "text" },
  "customer.country": { label: "Country", group: "Customer", format: "country" },
  "customer.orders_count": { label: "Number of orders", group: "Customer", format: "number" },
  "customer.total_spent": { label: "Total spent (net of refunds)", group: "Customer", format: "money" },
  "customer.average_order_value": { label: "Average order value", group: "Customer", format: "money" },
  "customer.first_order_date": { label: "First order date", group: "Customer", format: "date" },
  "customer.days_since_last_order": { label: "Days since last order", group: "Customer", format: "number" },
  "order.last_name": { label: "Last order number", group: "Last order", format: "text", help: "e.g. #1042" },
  "order.last_total": { label: "Last order total", group: "Last order", format: "money" },
  "order.last_date": { label: "Last order date", group: "Last order", format: "date" },
  "product.last_title": { label: "Last purchased product", group: "Product", format: "text" },
  "product.last_path": {
    label: "Last purchased product page",
    group: "Product",
    format: "path",
    help: "products/<handle>, for a URL button ending in {{1}}",
  },
  "product.top_title": { label: "Most purchased product", group: "Product", format: "text" },
  "product.top_path": {
    label: "Most purchased product page",
    group: "Product",
    format: "path",
    help: "products/<handle>",
  },
  "segment.name": {
    label: "Segment name",
    group: "Segment",
    format: "text",
    help: "the segment the customer was targeted through",
  },
  "shop.name": { label: "Store name", group: "Store", format: "text" },
} as const satisfies Record<string, FieldDef>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

/** One recipient's raw values: money in minor units, dates ISO-8601, numbers as decimal strings. */
export type FieldRow = Partial<Record<FieldKey, string | null>>;

export interface FormatContext {
  /** ISO 4217 shop currency and its minor-unit exponent */
  currency: string;
  currencyExponent: number;
  /** BCP 47 locale for numbers, money and dates (the template's language works well) */
  locale: string;
  /** IANA time zone for dates (the shop's) */
  timeZone: string;
}

/** WhatsApp refuses newlines, tabs and runs of 5+ spaces in parameters (error 100): collapse whitespace. */
export function clean(value: string | null | undefined): string {
  return (value ?? "").replace(/\s+/g, " ").trim();
}

export function formatField(
  field: FieldKey,
  raw: string | null | undefined,
  ctx: FormatContext,
  now = new Date(),
): string {
  if (raw === null || raw === undefined || raw === "") return "";
  const def: FieldDef = FIELDS[field];
  try {
    switch (def.format) {
      case "money":
        return formatMoney(BigInt(raw), ctx.currency, ctx.currencyExponent, ctx.locale);
      case "date":
        return new Intl.DateTimeFormat(ctx.locale, { dateStyle: "long", timeZone: ctx.timeZone }).format(new Date(raw));
      case "number":
        if (field === "customer.days_since_last_order") {
          return String(Math.max(0, Math.floor((now.getTime() - new Date(raw).getTime()) / 86_400_000)));
        }
        return new Intl.NumberFormat(ctx.locale).format(Number(raw));
      case "country":
        return new Intl.DisplayNames([ctx.locale], { type: "region" }).of(raw.toUpperCase()) ?? raw;
      case "path":
        return raw.split("/").map(encodeURIComponent).join("/");
      default:
        return clean(raw);
    }
  } catch {
    return clean(raw);
  }
}

/** Locale for formatting from a template language code ("pt_BR" → "pt-BR"). */
export function localeOf(language: string): string {
  const tag = language.replace("_", "-");
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? "en";
  } catch {
    return "en";
  }
}
