// "Send a test to my phone": the campaign's template, rendered exactly as the dispatcher renders it (the same
// context — template, mapping resolution, shop — from dispatch's loadCtx, and renderComponents) with the values
// of a sample member of its first segment, sent to a number the merchant enters as their own.
//
// Consent: the merchant declares the number is theirs (they ask for the message themselves); an opt-out on that
// number still wins — only its owner can lift it, by replying START from it. The send is recorded in
// campaign_test_sends, never as a recipient: it is not in the report, the audience, the frequency cap or the
// campaign's cost. At most TEST_SENDS_PER_HOUR per campaign: each one is a paid marketing message.
import { pool } from "../db.server";
import { normalizePhone } from "../ingest/normalize";
import { loadRecipientFields } from "../whatsapp/fields.server";
import { localeOf, renderComponents } from "../whatsapp/mapping";
import { sendEndpointFor } from "../whatsapp/endpoint";
import { WhatsAppApiError } from "../whatsapp/errors";
import { NotConnectedError } from "../whatsapp/account.server";
import { loadCtx } from "./dispatch/context.server";
import { readShopFormat } from "../shops/format.server";
import { linkOrigin } from "../engagement/link-ref.server";

export const TEST_SENDS_PER_HOUR = 5;

export type TestSendResult =
  | { ok: true; phone: string; wamid: string; sample: string | null }
  | { ok: false; field?: "phone" | "own"; error: string };

export interface TestSendRow {
  id: number;
  phone: string;
  at: string;
  accepted: boolean;
  error: string | null;
}

export async function sendTestMessage(opts: {
  shopId: number;
  campaignId: number;
  phone: string;
  ownNumber: boolean;
}): Promise<TestSendResult> {
  const { countryCode } = await readShopFormat(opts.shopId);
  const phone = normalizePhone(opts.phone, countryCode);
  if (!phone.e164 || !phone.valid)
    return {
      ok: false,
      field: "phone",
      error: "Enter your mobile number with its country code, like +44 7911 123456.",
    };
  if (!opts.ownNumber)
    return {
      ok: false,
      field: "own",
      error: "Confirm this is your own number: tests go only to a number whose owner asked for them.",
    };
  const campaign = await pool().query<{ template_id: number | null; segment_id: number | null; recent: number }>(
    `SELECT c.template_id,
            (SELECT segment_id FROM campaign_segments WHERE shop_id = c.shop_id AND campaign_id = c.id ORDER BY position LIMIT 1) AS segment_id,
            (SELECT count(*)::int FROM campaign_test_sends t WHERE t.shop_id = c.shop_id AND t.campaign_id = c.id
               AND t.created_at > now() - interval '1 hour') AS recent
     FROM campaigns c WHERE c.shop_id = $1 AND c.id = $2`,
    [opts.shopId, opts.campaignId],
  );
  const c = campaign.rows[0];
  if (!c) return { ok: false, error: "Campaign not found." };
  if (c.template_id === null) return { ok: false, error: "Choose a template and save the campaign first." };
  if (c.recent >= TEST_SENDS_PER_HOUR)
    return {
      ok: false,
      error: `At most ${TEST_SENDS_PER_HOUR} tests per hour for a campaign: each is a paid message.`,
    };
  const optedOut = await pool().query(
    `SELECT 1 FROM contacts WHERE shop_id = $1 AND phone_e164 = $2 AND consent_state = 'opted_out'`,
    [opts.shopId, phone.e164],
  );
  if (optedOut.rowCount)
    return {
      ok: false,
      field: "phone",
      error: "This number has opted out. Only its owner can undo that, by replying START to your WhatsApp number.",
    };

  let ctx: Awaited<ReturnType<typeof loadCtx>>;
  try {
    ctx = await loadCtx(opts.shopId, opts.campaignId);
  } catch (err) {
    if (err instanceof NotConnectedError)
      return { ok: false, error: "Connect your WhatsApp number in Settings first." };
    throw err;
  }
  // A real member's values, so the test reads like the messages customers get (fallbacks when nobody is in yet).
  const sample = c.segment_id
    ? (
        await pool().query<{ customer_id: string; name: string | null }>(
          `SELECT m.customer_id::text, NULLIF(concat_ws(' ', cu.first_name, cu.last_name), '') AS name
           FROM segment_members m JOIN customers cu ON cu.shop_id = m.shop_id AND cu.id = m.customer_id
           WHERE m.shop_id = $1 AND m.segment_id = $2 ORDER BY m.customer_id LIMIT 1`,
          [opts.shopId, c.segment_id],
        )
      ).rows[0]
    : undefined;
  const fields = sample
    ? await loadRecipientFields({
        shopId: opts.shopId,
        recipients: [{ customerId: sample.customer_id, segmentId: c.segment_id }],
        fields: ctx.fields,
      })
    : new Map();
  const rendered = renderComponents(ctx.template, ctx.mapping, fields.get(sample?.customer_id ?? "") ?? {}, {
    currency: ctx.shop.currency,
    currencyExponent: ctx.shop.currencyExponent,
    locale: localeOf(ctx.template.language),
    timeZone: ctx.shop.timeZone,
    shopName: ctx.shop.name,
    campaignId: ctx.campaignId,
    recipientRef: null, // no recipient: a click on the test link credits nobody
    // On our redirect: the shop alone, which lands on the store and records nothing.
    shortRef: opts.shopId.toString(36),
    linkOrigin: linkOrigin(),
  });
  if (rendered.missing.length)
    return {
      ok: false,
      error: `${rendered.missing.join(", ")} has no value for the sample customer and no fallback: set one in the variables.`,
    };

  const record = (wamid: string | null, error: string | null) =>
    pool().query(
      `INSERT INTO campaign_test_sends (shop_id, campaign_id, phone_e164, wa_message_id, error) VALUES ($1, $2, $3, $4, $5)`,
      [opts.shopId, opts.campaignId, phone.e164, wamid, error],
    );
  try {
    const sent = await ctx.client.sendTemplate({
      to: phone.e164,
      template: { name: ctx.template.name, language: ctx.template.language, components: rendered.components },
      endpoint: sendEndpointFor(ctx.templateCategory),
    });
    await record(sent.wamid, null);
    return { ok: true, phone: phone.e164, wamid: sent.wamid, sample: sample?.name ?? null };
  } catch (err) {
    if (!(err instanceof WhatsAppApiError)) throw err;
    const why = `${err.code ?? err.httpStatus ?? ""} ${err.message}`.trim();
    await record(null, why);
    return { ok: false, error: `WhatsApp refused the test: ${why}` };
  }
}

export async function recentTestSends(shopId: number, campaignId: number): Promise<TestSendRow[]> {
  const { rows } = await pool().query<{
    id: number;
    phone_e164: string;
    created_at: Date;
    wa_message_id: string | null;
    error: string | null;
  }>(
    `SELECT id, phone_e164, created_at, wa_message_id, error FROM campaign_test_sends
     WHERE shop_id = $1 AND campaign_id = $2 ORDER BY created_at DESC, id DESC LIMIT 5`,
    [shopId, campaignId],
  );
  return rows.map((r) => ({
    id: r.id,
    phone: r.phone_e164,
    at: r.created_at.toISOString(),
    accepted: r.wa_message_id !== null,
    error: r.error,
  }));
}
