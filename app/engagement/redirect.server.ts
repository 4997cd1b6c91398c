// Our link redirect (app/routes/l.$ref.tsx, docs/security.md "Link redirect"): a template whose URL button's
// base is <link origin>/l/ carries the recipient's signed short ref as {{1}}; opening it records the click
// (unless a bot or link previewer) and sends the customer on, 302, to the store with our UTM parameters.
//
// No open redirect: the target is always https://<the recipient's shop domain>/<path>, the path being what the
// campaign's mapping gives that URL button (fixed text, or a field such as the product page) — never anything
// from the request. A path that would leave the shop's host falls back to the store home. A ref whose signature
// does not match still lands on the home of the shop it names (a mangled link should not strand a customer) and
// records nothing; a ref naming no installed shop gets a neutral page.
import { pool } from "../db.server";
import { messageLinkParams } from "../attribution/ref";
import { loadRecipientFields, fieldsOf } from "../whatsapp/fields.server";
import { asTemplateLike, effectiveMapping, localeOf, templateSlots, urlSlotValue } from "../whatsapp/mapping";
import type { TemplateComponent } from "../whatsapp/types";
import { recordClickBatched } from "./clicks.server";
import { clickTrackingFor } from "./link-mode";
import { linkOrigin, parseShortRef } from "./link-ref.server";

export type RedirectOutcome = { kind: "store"; location: string } | { kind: "neutral" };

interface RecipientRow {
  domain: string;
  customer_id: string;
  segment_id: number | null;
  campaign_id: number;
  mapping: unknown;
  currency: string;
  currency_exponent: number;
  iana_timezone: string;
  shop_name: string | null;
  t_name: string | null;
  language: string | null;
  parameter_format: string | null;
  components: TemplateComponent[] | null;
  default_mapping: unknown;
}

const RECIPIENT_SQL = `
SELECT s.domain, r.customer_id::text, r.segment_id, r.campaign_id, c.mapping,
       s.currency, s.currency_exponent, s.iana_timezone, s.name AS shop_name,
       t.name AS t_name, t.language, t.parameter_format, t.components, t.default_mapping
FROM recipients r
JOIN shops s ON s.id = r.shop_id AND s.uninstalled_at IS NULL
JOIN campaigns c ON c.id = r.campaign_id AND c.shop_id = r.shop_id
LEFT JOIN whatsapp_templates t ON t.id = c.template_id AND t.shop_id = r.shop_id
WHERE r.shop_id = $1 AND r.id = $2`;

function storeHome(domain: string): string {
  return `https://${domain}/`;
}

/** https://<domain>/<path>, or the home when the path would go anywhere else. */
export function storeUrl(domain: string, path: string | null): URL {
  const home = new URL(storeHome(domain));
  if (!path) return home;
  // A path only: "//evil.com", "https://evil.com", "\\evil.com" and the like are not paths on this store.
  const relative = path.trim().replace(/^[/\\]+/, "");
  if (/^[a-z][a-z0-9+.-]*:/i.test(relative)) return home;
  let target: URL;
  try {
    target = new URL(relative, home);
  } catch {
    return home;
  }
  return target.protocol === "https:" && target.host === home.host && !target.username && !target.password
    ? target
    : home;
}

/** Where the campaign's redirect button lands this recipient: the mapped value of that button. */
async function landingPath(shopId: number, row: RecipientRow): Promise<string | null> {
  if (!row.components) return null;
  const template = asTemplateLike({
    name: row.t_name ?? "",
    language: row.language ?? "en",
    parameterFormat: row.parameter_format ?? "POSITIONAL",
    components: row.components,
  });
  const origin = linkOrigin();
  const slot = templateSlots(template).find(
    (s) => s.kind === "url" && clickTrackingFor(s.urlTemplate, origin).mode === "redirect",
  );
  if (!slot) return null;
  const mapping = effectiveMapping(row.mapping, row.default_mapping, template);
  const binding = mapping.params[slot.id];
  if (!binding) return null;
  let fields = {};
  if (binding.kind === "field") {
    const loaded = await loadRecipientFields({
      shopId,
      recipients: [{ customerId: row.customer_id, segmentId: row.segment_id }],
      fields: fieldsOf({ version: 1, params: { [slot.id]: binding } }),
    });
    fields = loaded.get(row.customer_id) ?? {};
  }
  return urlSlotValue(template, mapping, slot.id, fields, {
    currency: row.currency,
    currencyExponent: row.currency_exponent,
    locale: localeOf(template.language),
    timeZone: row.iana_timezone,
    shopName: row.shop_name,
    campaignId: row.campaign_id,
  });
}

/** Resolves `/l/:ref` for one request. */
export async function resolveRedirect(ref: string | undefined, userAgent: string | null): Promise<RedirectOutcome> {
  const parsed = parseShortRef(ref);
  if (!parsed) return { kind: "neutral" };
  const { shopId, recipientId } = parsed;
  const row =
    parsed.verified && recipientId !== null
      ? (await pool().query<RecipientRow>(RECIPIENT_SQL, [shopId, recipientId.toString()])).rows[0]
      : undefined;
  if (!row) {
    const { rows } = await pool().query<{ domain: string }>(
      `SELECT domain FROM shops WHERE id = $1 AND uninstalled_at IS NULL`,
      [shopId],
    );
    return rows[0] ? { kind: "store", location: storeHome(rows[0].domain) } : { kind: "neutral" };
  }
  const target = storeUrl(row.domain, await landingPath(shopId, row));
  for (const [k, v] of new URLSearchParams(messageLinkParams(row.campaign_id, recipientId!)))
    target.searchParams.set(k, v);
  await recordClickBatched(shopId, {
    recipientId: recipientId!,
    tag: ref!.split(".")[2],
    source: "redirect",
    userAgent,
  });
  return { kind: "store", location: target.toString() };
}
