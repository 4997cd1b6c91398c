// Campaign dispatch: sends a running (or testing) campaign's queued recipients, at most once each, inside the
// number's limits. Rules (docs/decisions/0010-campaign-dispatch.md, README "Campaign dispatch"):
// - A dispatcher (one BullMQ job, "lane") claims a batch of due queued rows with FOR UPDATE SKIP LOCKED, so any
//   number of lanes in any number of worker processes share a campaign without ever taking the same row. The
//   claim re-checks consent (an opt-out recorded while the row was queued skips it), spends the 24-hour
//   messaging budget and moves the rows to `sending` (sending_at = now) — committed BEFORE any API call.
// - Sends are paced by Redis slots (throughput of the number, pair rate per customer; rates.server.ts).
// - Each answer settles its row in one set-based statement per batch: `sent` + wamid + cost estimate; a pacing
//   refusal (130429, 131056) requeues it without counting a send; stop-class and template-wide errors pause the
//   campaign with a reason for the merchant; other permanent errors fail the row with code and title. A send
//   whose answer was lost stays in `sending`: it is never re-sent. `reconcileDispatch` (maintenance.reconcile)
//   turns rows left in `sending` past the timeout into `unknown` unless a status webhook settled them first
//   (the webhook matches biz_opaque_callback_data = our recipient id), re-creates lost dispatch jobs and finishes
//   campaigns whose work is done.
// - Test then rollout: while `testing` only group 'test' is claimed; once the test group is drained a
//   `campaign.rollout-check` job runs after test_wait_minutes and rolls out or holds for the merchant.
import { pool } from "../db.server";
import { enqueue } from "../../jobs/queues";
import { loadConsentSettings } from "../consent/settings.server";
import { consentVerdictSql } from "../consent/gate.server";
import { clientForShop, NotConnectedError, sendingBlockedReason } from "../whatsapp/account.server";
import { DecryptionError } from "../lib/encryption.server";
import type { WhatsAppClient } from "../whatsapp/client.server";
import { WhatsAppApiError } from "../whatsapp/errors";
import { loadRecipientFields, fieldsOf } from "../whatsapp/fields.server";
import {
  asTemplateLike,
  localeOf,
  mappingSchema,
  renderComponents,
  suggestMapping,
  type TemplateLike,
  type TemplateMapping,
} from "../whatsapp/mapping";
import { opaqueFor, recipientRef } from "../whatsapp/refs";
import type { TemplateComponent } from "../whatsapp/types";
import { applyContactEffect } from "../whatsapp/webhooks.server";
import { getPriceTable, unitPriceMicros, usdMicrosToMinor, type ShopPriceTable } from "../pricing/prices.server";
import { billedCategory } from "../pricing/rate-card";
import { campaignPausingError, pauseForProblem, pauseReasonFor } from "./pause.server";
import {
  budgetFreesAt,
  holdPair,
  lockBudget,
  penalizeNumber,
  pruneBudget,
  releaseBudget,
  releasePairs,
  reserveSends,
  spendBudget,
  tierLimit,
  PAIR_INTERVAL_MS,
} from "./rates.server";

// ---- configuration ---------------------------------------------------------------------------------------------

/** Rows left in `sending` longer than this had their answer lost: settled from webhooks or marked `unknown`. */
export function sendingTimeoutMs(): number {
  const v = Number(process.env.CAMPAIGN_SENDING_TIMEOUT_SECONDS ?? "");
  return (Number.isFinite(v) && v > 0 ? v : 600) * 1000;
}

/** Parallel dispatchers (jobs) per campaign: enough to keep the number busy, not more. */
export function lanesFor(mps: number): number {
  const forced = Number(process.env.CAMPAIGN_DISPATCH_LANES ?? "");
  if (Number.isInteger(forced) && forced > 0) return Math.min(forced, 16);
  // At least two, so a campaign keeps going while one worker process dies and its lane waits to be taken over.
  return Math.min(4, Math.max(2, Math.ceil(mps / 300)));
}

/** About half a second of the number's time per claim (fewer rows in flight when a worker dies), 10–250 rows. */
export function batchSizeFor(mps: number, lanes: number): number {
  return Math.min(250, Math.max(10, Math.round((mps / lanes) * 0.5)));
}

/** Sends in flight per lane (four lanes fill the client's 64 keep-alive sockets without queueing behind them). */
const IN_FLIGHT = 16;

// ---- jobs ----------------------------------------------------------------------------------------------------------

export function dispatchJobId(campaignId: number, lane = 0): string {
  return lane === 0 ? `campaign-dispatch-${campaignId}` : `campaign-dispatch-${campaignId}-lane-${lane}`;
}

/** Queues the campaign's dispatcher now, or a continuation at `at` (one job per due second). */
export async function queueDispatch(shopId: number, campaignId: number, at?: Date | null) {
  const delay = at ? Math.max(0, at.getTime() - Date.now()) : 0;
  const jobId =
    delay > 0 ? `campaign-dispatch-${campaignId}-at-${Math.ceil(at!.getTime() / 1000)}` : dispatchJobId(campaignId);
  return enqueue("campaign.dispatch", { shopId, campaignId }, { jobId, delay });
}

async function queueRolloutCheck(shopId: number, campaignId: number, at: Date) {
  const delay = Math.max(0, at.getTime() - Date.now());
  return enqueue(
    "campaign.rollout-check",
    { shopId, campaignId },
    { jobId: `campaign-rollout-${campaignId}-at-${Math.ceil(at.getTime() / 1000)}`, delay },
  );
}

// ---- context ---------------------------------------------------------------------------------------------------

interface CampaignRow {
  id: number;
  shop_id: number;
  status: string;
  template_id: number | null;
  mapping: unknown;
  test_share: number;
  test_wait_minutes: number;
  rollout_min_delivery_rate: number;
  rollout_max_opt_out_rate: number;
}

interface TemplateRow {
  name: string;
  language: string;
  category: string;
  status: string;
  parameter_format: string;
  components: TemplateComponent[];
  default_mapping: unknown;
}

interface Ctx {
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

/** Why this campaign must not send now (merchant-readable), checked before every batch; null = go. */
async function preflight(
  shopId: number,
  campaignId: number,
): Promise<{ status: string; blocked: string | null; phase: "testing" | "running" | null }> {
  const { rows } = await pool().query<{
    status: string;
    t_status: string | null;
    t_name: string | null;
    a_status: string | null;
    a_reason: string | null;
    quality: string | null;
  }>(
    `SELECT c.status::text, t.status AS t_status, t.name AS t_name, a.status AS a_status, a.status_reason AS a_reason, a.quality_rating AS quality
     FROM campaigns c
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     LEFT JOIN whatsapp_accounts a ON a.shop_id = c.shop_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  const r = rows[0];
  if (!r) return { status: "missing", blocked: null, phase: null };
  const phase = r.status === "testing" || r.status === "running" ? r.status : null;
  if (!phase) return { status: r.status, blocked: null, phase };
  let blocked: string | null = null;
  if (!r.a_status) blocked = "WhatsApp is not connected: connect a number in Settings, then resume.";
  else if (sendingBlockedReason({ status: r.a_status, statusReason: r.a_reason })) {
    blocked = `WhatsApp connection problem: ${sendingBlockedReason({ status: r.a_status, statusReason: r.a_reason })}. Resume once it is fixed.`;
  } else if ((r.quality ?? "").toUpperCase() === "RED") {
    blocked =
      "Paused because your number's quality rating is Low (red): customers blocked or reported recent messages. Sending more now risks a messaging limit cut or a ban. Resume when the rating recovers, or send to a more engaged segment.";
  } else if (!r.t_status) blocked = "The campaign has no template (it was deleted): choose an approved template.";
  else if (r.t_status === "PAUSED")
    blocked = `Meta paused the template "${r.t_name}" for low quality. Resume when it is active again, or switch template.`;
  else if (r.t_status === "DISABLED")
    blocked = `Meta disabled the template "${r.t_name}" for low quality. Choose another approved template.`;
  else if (r.t_status !== "APPROVED")
    blocked = `The template "${r.t_name}" is ${r.t_status}, not approved: only approved templates can be sent.`;
  return { status: r.status, blocked, phase };
}

async function loadCtx(shopId: number, campaignId: number): Promise<Ctx> {
  const c = (
    await pool().query<CampaignRow>(
      `SELECT id, shop_id, status::text, template_id, mapping, test_share, test_wait_minutes, rollout_min_delivery_rate, rollout_max_opt_out_rate
       FROM campaigns WHERE shop_id = $1 AND id = $2`,
      [shopId, campaignId],
    )
  ).rows[0]!;
  const t = (
    await pool().query<TemplateRow>(
      `SELECT name, language, category, status, parameter_format, components, default_mapping FROM whatsapp_templates WHERE shop_id = $1 AND id = $2`,
      [shopId, c.template_id],
    )
  ).rows[0]!;
  const shop = (
    await pool().query<{ currency: string; currency_exponent: number; iana_timezone: string; name: string | null }>(
      `SELECT currency, currency_exponent, iana_timezone, name FROM shops WHERE id = $1`,
      [shopId],
    )
  ).rows[0]!;
  const { client, account } = await clientForShop(shopId);
  const template = asTemplateLike({
    name: t.name,
    language: t.language,
    parameterFormat: t.parameter_format,
    components: t.components,
  });
  const own = mappingSchema.safeParse(c.mapping);
  const fallback = mappingSchema.safeParse(t.default_mapping);
  const mapping =
    own.success && Object.keys(own.data.params).length
      ? own.data
      : fallback.success && Object.keys(fallback.data.params).length
        ? fallback.data
        : suggestMapping(template);
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
      currencyExponent: shop.currency_exponent,
      timeZone: shop.iana_timezone,
      name: shop.name,
    },
    settings: { countSms: settings.countShopifySmsConsent, optInTag: settings.optInTag },
    prices: await getPriceTable(shopId),
    costByCountry: new Map(),
  };
}

function costMinor(ctx: Ctx, country: string | null): bigint | null {
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

// ---- claim -------------------------------------------------------------------------------------------------------

export interface ClaimedRow {
  id: string;
  customer_id: string;
  segment_id: number | null;
  phone_e164: string;
  country_code: string | null;
  group: string;
  status: "sending" | "skipped";
  reason: string | null;
  attempts: number;
}

export interface Claim {
  rows: ClaimedRow[];
  /** rows moved to sending (the rest were skipped by the consent gate) */
  sending: ClaimedRow[];
  /** the budget bucket the sending rows were counted in */
  bucket: Date | null;
  /** true when due rows were left queued because the 24-hour budget is used up */
  budgetExhausted: boolean;
}

/**
 * Claims up to `limit` due queued rows of the campaign (only group `test` while testing) in one transaction:
 * consent re-checked (refused rows → `skipped` with the gate's reason), at most the remaining 24-hour budget
 * moved to `sending` with sending_at = now. Rows locked by another dispatcher are skipped, never waited for.
 */
export async function claimBatch(args: {
  shopId: number;
  campaignId: number;
  group: "test" | null;
  limit: number;
  budgetLimit: number;
  settings: { countSms: boolean; optInTag: string };
}): Promise<Claim> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const remaining = await lockBudget(client, args.shopId, args.budgetLimit);
    const verdict = consentVerdictSql({
      customer: "c",
      contact: "k",
      phone: "q.phone_e164",
      countSms: "$5::boolean",
      optInTag: "$6::text",
      now: "now()",
    });
    // Two statements whose plans do not depend on table statistics (a new shop's first campaign runs before
    // autovacuum has analysed its rows): the candidates come from the (campaign_id, status) index, each one's
    // customer and contact are primary-key lookups (OFFSET 0 keeps them per row), the update goes by primary key.
    const { rows: candidates } = await client.query<{ id: string; verdict: string | null }>(
      `SELECT q.id::text, ${verdict} AS verdict
       FROM (SELECT r.id, r.customer_id, r.phone_e164 FROM recipients r
             WHERE r.shop_id = $1 AND r.campaign_id = $2 AND r.status = 'queued'
               AND (r.not_before IS NULL OR r.not_before <= now())
               AND ($3::text IS NULL OR r."group"::text = $3)
             LIMIT $4
             FOR UPDATE OF r SKIP LOCKED) q
       LEFT JOIN LATERAL (SELECT * FROM customers c WHERE c.shop_id = $1 AND c.id = q.customer_id OFFSET 0) c ON true
       LEFT JOIN LATERAL (SELECT * FROM contacts k WHERE k.shop_id = $1 AND k.phone_e164 = q.phone_e164 OFFSET 0) k ON true
       ORDER BY q.id`,
      [args.shopId, args.campaignId, args.group, args.limit, args.settings.countSms, args.settings.optInTag],
    );
    // Refused rows are skipped with the gate's reason; allowed ones go to `sending` up to the remaining budget.
    const chosen: Array<{ id: string; verdict: string | null }> = [];
    let allowed = 0;
    for (const c of candidates) {
      if (c.verdict !== null) chosen.push(c);
      else if (allowed < remaining) {
        chosen.push(c);
        allowed++;
      }
    }
    const { rows } = chosen.length
      ? await client.query<ClaimedRow>(
          `UPDATE recipients r SET
             status = (CASE WHEN u.verdict IS NULL THEN 'sending' ELSE 'skipped' END)::"RecipientStatus",
             sending_at = CASE WHEN u.verdict IS NULL THEN now() ELSE r.sending_at END,
             reason = coalesce(u.verdict, r.reason)
           FROM unnest($2::bigint[], $3::text[]) AS u(id, verdict)
           WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[]) AND r.id = u.id
           RETURNING r.id::text, r.customer_id::text, r.segment_id, r.phone_e164, r.country_code, r."group"::text AS "group",
                     r.status::text AS status, r.reason, r.attempts`,
          [args.shopId, chosen.map((c) => c.id), chosen.map((c) => c.verdict)],
        )
      : { rows: [] as ClaimedRow[] };
    const sending = rows.filter((r) => r.status === "sending");
    const bucket = Number.isFinite(args.budgetLimit) ? await spendBudget(client, args.shopId, sending.length) : null;
    await client.query("COMMIT");
    return {
      rows,
      sending,
      bucket,
      budgetExhausted: Number.isFinite(remaining) && sending.length >= remaining && remaining < args.limit,
    };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

// ---- send and settle -------------------------------------------------------------------------------------------------

type Outcome =
  | { kind: "sent"; wamid: string; at: Date }
  | { kind: "failed"; code: number | null; title: string; counted: boolean }
  | { kind: "skipped"; reason: string }
  /** back to queued: not sent (pacing refusal, aborted batch, transient error); `counted` = an API call was refused */
  | {
      kind: "requeue";
      notBefore: Date | null;
      counted: boolean;
      code?: number | null;
      title?: string;
      pairHeld?: boolean;
    }
  /** the answer was lost: stays `sending` for the reconciler */
  | { kind: "in_doubt" };

/** Writes a batch's outcomes in one statement; returns how many claimed rows reached nobody (budget to give back). */
async function settle(ctx: Ctx, rows: ClaimedRow[], outcomes: Map<string, Outcome>): Promise<number> {
  const ids: string[] = [];
  const kinds: string[] = [];
  const wamids: (string | null)[] = [];
  const ats: (Date | null)[] = [];
  const codes: (number | null)[] = [];
  const titles: (string | null)[] = [];
  const notBefore: (Date | null)[] = [];
  const reasons: (string | null)[] = [];
  const costs: (string | null)[] = [];
  const counted: boolean[] = [];
  let unreached = 0;
  for (const r of rows) {
    const o = outcomes.get(r.id) ?? ({ kind: "requeue", notBefore: null, counted: false } as Outcome);
    if (o.kind === "in_doubt") continue;
    if (o.kind !== "sent") unreached++;
    ids.push(r.id);
    kinds.push(o.kind);
    wamids.push(o.kind === "sent" ? o.wamid : null);
    ats.push(o.kind === "sent" ? o.at : null);
    codes.push(o.kind === "failed" || o.kind === "requeue" ? (o.code ?? null) : null);
    titles.push(
      o.kind === "failed" ? o.title.slice(0, 500) : o.kind === "requeue" ? (o.title?.slice(0, 500) ?? null) : null,
    );
    notBefore.push(o.kind === "requeue" ? o.notBefore : null);
    reasons.push(o.kind === "skipped" ? o.reason : null);
    const cost = o.kind === "sent" ? costMinor(ctx, r.country_code) : null;
    costs.push(cost === null ? null : cost.toString());
    counted.push(o.kind === "sent" || ((o.kind === "failed" || o.kind === "requeue") && o.counted));
  }
  if (!ids.length) return 0;
  await pool().query(
    `UPDATE recipients r SET
       status = (CASE u.kind
         WHEN 'sent' THEN CASE WHEN r.status IN ('sending', 'unknown') THEN 'sent' ELSE r.status::text END
         WHEN 'failed' THEN 'failed' WHEN 'skipped' THEN 'skipped' ELSE 'queued' END)::"RecipientStatus",
       wa_message_id = CASE WHEN u.kind = 'sent' THEN coalesce(r.wa_message_id, u.wamid) ELSE r.wa_message_id END,
       sent_at = CASE WHEN u.kind = 'sent' THEN coalesce(r.sent_at, u.at) ELSE r.sent_at END,
       cost_minor = CASE WHEN u.kind = 'sent' THEN u.cost ELSE r.cost_minor END,
       failed_at = CASE WHEN u.kind = 'failed' THEN now() ELSE r.failed_at END,
       -- a refusal met on an earlier attempt (kept while the row waits) is cleared once the message goes out
       error_code = CASE WHEN u.kind IN ('failed', 'requeue') AND u.code IS NOT NULL THEN u.code
                         WHEN u.kind = 'sent' AND r.status IN ('sending', 'unknown') THEN NULL ELSE r.error_code END,
       error_title = CASE WHEN u.kind IN ('failed', 'requeue') AND u.title IS NOT NULL THEN u.title
                          WHEN u.kind = 'sent' AND r.status IN ('sending', 'unknown') THEN NULL ELSE r.error_title END,
       reason = CASE WHEN u.kind = 'skipped' THEN u.reason WHEN r.reason = 'no_answer' THEN NULL ELSE r.reason END,
       not_before = CASE WHEN u.kind = 'requeue' THEN u.not_before ELSE r.not_before END,
       sending_at = CASE WHEN u.kind IN ('requeue', 'skipped') THEN NULL ELSE r.sending_at END,
       attempts = least(r.attempts + CASE WHEN u.counted THEN 1 ELSE 0 END, 32000)
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::text[], $8::timestamptz[], $9::text[], $10::bigint[], $11::boolean[])
       AS u(id, kind, wamid, at, code, title, not_before, reason, cost, counted)
     WHERE r.shop_id = $1 AND r.id = ANY($2::bigint[]) AND r.id = u.id
       AND (r.status IN ('sending', 'unknown') OR (u.kind = 'sent' AND r.wa_message_id = u.wamid))`,
    [ctx.shopId, ids, kinds, wamids, ats, codes, titles, notBefore, reasons, costs, counted],
  );
  return unreached;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function transportNeverConnected(err: WhatsAppApiError): boolean {
  // The request never left this machine (no connection): safe to try again, nothing can have been accepted.
  return err.code === null && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(err.message);
}

/** What one send's error means for its row, and whether the batch must stop. */
function outcomeOfError(
  err: unknown,
  row: ClaimedRow,
): { outcome: Outcome; abort?: "pause" | "backoff"; pauseReason?: string; penaltyMs?: number } {
  if (!(err instanceof WhatsAppApiError)) {
    // Not an answer from Meta we can read (a bug, a malformed body): the send may have happened.
    return { outcome: { kind: "in_doubt" } };
  }
  const now = Date.now();
  if (err.code === null) {
    if (transportNeverConnected(err))
      return {
        outcome: { kind: "requeue", notBefore: new Date(now + 5000), counted: false },
        abort: "backoff",
        penaltyMs: 5000,
      };
    return { outcome: { kind: "in_doubt" } };
  }
  const p = err.policy;
  const title = `${err.code}: ${p.meaning}`;
  if (err.code === 130429) {
    return { outcome: { kind: "requeue", notBefore: null, counted: false }, penaltyMs: p.retryAfterMs ?? 1000 };
  }
  if (err.code === 131056) {
    return {
      outcome: { kind: "requeue", notBefore: new Date(now + PAIR_INTERVAL_MS), counted: false, pairHeld: true },
    };
  }
  if (err.code === 131049) {
    // Meta's per-customer marketing cap: no retry for 24 h; this campaign's message is skipped (documented rule).
    return { outcome: { kind: "skipped", reason: "cool_down" } };
  }
  if (campaignPausingError(err.code)) {
    return {
      outcome: { kind: "requeue", notBefore: null, counted: true, code: err.code, title },
      abort: "pause",
      pauseReason: pauseReasonFor(err.code),
    };
  }
  if (p.class === "retry") {
    const attempts = row.attempts + 1;
    if (attempts >= (p.maxAttempts ?? 5)) return { outcome: { kind: "failed", code: err.code, title, counted: true } };
    const wait = (p.retryAfterMs ?? 5000) * attempts;
    const numberWide = p.scope === "number" || p.scope === "shop";
    return {
      outcome: { kind: "requeue", notBefore: new Date(now + wait), counted: true, code: err.code, title },
      ...(numberWide ? { abort: "backoff" as const, penaltyMs: p.retryAfterMs ?? 5000 } : {}),
    };
  }
  return { outcome: { kind: "failed", code: err.code, title, counted: true } };
}

/** A tiny semaphore for sends in flight. */
function limiter(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

interface BatchResult {
  sent: number;
  paused: string | null;
  backoffMs: number;
}

async function sendBatch(ctx: Ctx, claim: Claim, nearlyDone: () => void = () => {}): Promise<BatchResult> {
  const outcomes = new Map<string, Outcome>();
  const result: BatchResult = { sent: 0, paused: null, backoffMs: 0 };
  const rows = claim.sending;
  const fieldRows = await loadRecipientFields({
    shopId: ctx.shopId,
    recipients: rows.map((r) => ({ customerId: r.customer_id, segmentId: r.segment_id })),
    fields: ctx.fields,
  });
  const locale = localeOf(ctx.template.language);
  const ready: Array<{ row: ClaimedRow; components: ReturnType<typeof renderComponents>["components"] }> = [];
  for (const row of rows) {
    const rendered = renderComponents(ctx.template, ctx.mapping, fieldRows.get(row.customer_id) ?? {}, {
      currency: ctx.shop.currency,
      currencyExponent: ctx.shop.currencyExponent,
      locale,
      timeZone: ctx.shop.timeZone,
      shopName: ctx.shop.name,
      campaignId: ctx.campaignId,
      recipientRef: recipientRef(row.id),
    });
    // A parameter left empty would be refused (131008): not sent, with the reason.
    if (rendered.missing.length) outcomes.set(row.id, { kind: "skipped", reason: "empty_parameter" });
    else ready.push({ row, components: rendered.components });
  }

  let abort: "pause" | "backoff" | null = null;
  const slotTimes: number[] = [];
  const run = limiter(IN_FLIGHT);
  const tasks: Promise<void>[] = [];
  let pending = ready;
  while (pending.length && !abort) {
    const res = await reserveSends({
      phoneNumberId: ctx.phoneNumberId,
      mps: ctx.mps,
      phones: pending.map((p) => p.row.phone_e164),
    });
    if (res.penaltyMs > 0) {
      await sleep(res.penaltyMs);
      continue;
    }
    const base = Date.now();
    for (const g of res.granted) slotTimes.push(base + g.delayMs);
    for (const b of res.blocked) {
      const row = pending[b.index]!.row;
      outcomes.set(row.id, {
        kind: "requeue",
        notBefore: new Date(base + b.retryInMs),
        counted: false,
        pairHeld: true,
      });
    }
    for (const g of res.granted) {
      const { row, components } = pending[g.index]!;
      tasks.push(
        (async () => {
          const wait = base + g.delayMs - Date.now();
          if (wait > 0) await sleep(wait);
          await run(async () => {
            if (abort) return; // not sent: requeued by settle's default
            try {
              const sent = await ctx.client.sendTemplate({
                to: row.phone_e164,
                template: { name: ctx.template.name, language: ctx.template.language, components },
                bizOpaqueCallbackData: opaqueFor(row.id),
              });
              outcomes.set(row.id, { kind: "sent", wamid: sent.wamid, at: new Date() });
              result.sent++;
            } catch (err) {
              const o = outcomeOfError(err, row);
              outcomes.set(row.id, o.outcome);
              if (o.penaltyMs && err instanceof WhatsAppApiError && (err.code === 130429 || o.abort === "backoff")) {
                await penalizeNumber(ctx.phoneNumberId, o.penaltyMs).catch(() => {});
              }
              if (err instanceof WhatsAppApiError && err.code === 131056)
                await holdPair(ctx.phoneNumberId, row.phone_e164, PAIR_INTERVAL_MS).catch(() => {});
              if (
                err instanceof WhatsAppApiError &&
                err.code !== null &&
                (o.outcome.kind === "failed" || o.outcome.kind === "skipped")
              ) {
                await applyContactEffect({
                  shopId: ctx.shopId,
                  phoneE164: row.phone_e164,
                  code: err.code,
                  title: err.message,
                  at: new Date(),
                }).catch(() => {});
              }
              if (o.abort && !abort) {
                abort = o.abort;
                if (o.abort === "pause") result.paused = o.pauseReason ?? "Paused by a WhatsApp error.";
                else result.backoffMs = o.penaltyMs ?? 5000;
              }
            }
          });
        })(),
      );
    }
    pending = pending.slice(res.considered);
    // Slots are booked at most MAX_AHEAD_MS ahead: let the booked ones go out before asking for more.
    if (pending.length && res.considered === 0) await sleep(50);
    else if (pending.length && res.granted.length)
      await sleep(Math.max(0, res.granted[res.granted.length - 1]!.delayMs - 250));
  }
  // Every row has its slot: call for the next batch ~150 ms before the last one is due.
  const lastSlot = Math.max(0, ...slotTimes) - Date.now() - 150;
  const nearly = setTimeout(nearlyDone, Math.max(0, lastSlot));
  await Promise.all(tasks);
  clearTimeout(nearly);
  // A reserved send that did not reach the customer (refused synchronously, or never attempted) gives its pair
  // slot back; a 131056 keeps the key Meta asked us to respect.
  const unused = ready.filter(({ row }) => {
    const o = outcomes.get(row.id);
    return !o || o.kind === "failed" || o.kind === "skipped" || (o.kind === "requeue" && !o.pairHeld);
  });
  await releasePairs(
    ctx.phoneNumberId,
    unused.map(({ row }) => row.phone_e164),
  ).catch(() => {});
  const unreached = await settle(
    ctx,
    claim.rows.filter((r) => r.status === "sending"),
    outcomes,
  );
  await releaseBudget(pool(), ctx.shopId, claim.bucket, unreached);
  if (result.paused) await pauseForProblem({ shopId: ctx.shopId, campaignId: ctx.campaignId, reason: result.paused });
  return result;
}

// ---- the dispatcher ------------------------------------------------------------------------------------------------

export interface DispatchSummary {
  lane: number;
  sent: number;
  skipped: number;
  batches: number;
  ended: string;
}

/**
 * One dispatcher (lane) of a campaign: claims and sends batches until nothing is due, then decides what comes
 * next (continuation when rows wait for not_before or the 24-hour budget, rollout check after the test group,
 * completion). Safe to run any number of times concurrently for the same campaign.
 */
export async function runDispatch(args: {
  shopId: number;
  campaignId: number;
  lane?: number;
}): Promise<DispatchSummary> {
  const lane = args.lane ?? 0;
  const summary: DispatchSummary = { lane, sent: 0, skipped: 0, batches: 0, ended: "" };
  const first = await preflight(args.shopId, args.campaignId);
  if (!first.phase) return { ...summary, ended: `campaign is ${first.status}` };
  if (first.blocked) {
    await pauseForProblem({ shopId: args.shopId, campaignId: args.campaignId, reason: first.blocked });
    return { ...summary, ended: "paused" };
  }
  let ctx: Ctx;
  try {
    ctx = await loadCtx(args.shopId, args.campaignId);
  } catch (err) {
    if (err instanceof NotConnectedError) {
      await pauseForProblem({
        shopId: args.shopId,
        campaignId: args.campaignId,
        reason: "WhatsApp is not connected: connect a number in Settings, then resume.",
      });
      return { ...summary, ended: "paused" };
    }
    if (err instanceof DecryptionError) {
      // The stored token cannot be read with the keys this process has (ENCRYPTION_KEYS rotated without
      // re-encrypting): retrying cannot help, so the merchant is told instead of the job failing silently.
      await pauseForProblem({
        shopId: args.shopId,
        campaignId: args.campaignId,
        reason:
          "The saved WhatsApp access token could not be read: reconnect the number in Settings → WhatsApp, then resume.",
      });
      return { ...summary, ended: "paused" };
    }
    throw err;
  }
  const lanes = lanesFor(ctx.mps);
  if (lane === 0) {
    for (let k = 1; k < lanes; k++) {
      await enqueue(
        "campaign.dispatch",
        { shopId: args.shopId, campaignId: args.campaignId, lane: k },
        { jobId: dispatchJobId(args.campaignId, k) },
      );
    }
  }
  const batchSize = batchSizeFor(ctx.mps, lanes);
  let phase: "testing" | "running" = first.phase;
  let budgetExhausted = false;
  type Next = { claim: Claim; phase: "testing" | "running" } | { stop: string; blocked: string | null };
  const claimNext = async (): Promise<Next> => {
    const check = await preflight(args.shopId, args.campaignId);
    if (!check.phase) return { stop: `campaign is ${check.status}`, blocked: null };
    if (check.blocked) return { stop: "paused", blocked: check.blocked };
    const claim = await claimBatch({
      shopId: args.shopId,
      campaignId: args.campaignId,
      group: check.phase === "testing" ? "test" : null,
      limit: batchSize,
      budgetLimit: ctx.budgetLimit,
      settings: ctx.settings,
    });
    return { claim, phase: check.phase };
  };
  /** Gives a prefetched batch back untouched (the campaign stopped meanwhile). */
  const giveBack = async (n: Promise<Next> | null) => {
    const got = n ? await n : null;
    if (got && "claim" in got && got.claim.sending.length) {
      const unreached = await settle(ctx, got.claim.sending, new Map());
      await releaseBudget(pool(), ctx.shopId, got.claim.bucket, unreached);
    }
  };
  let next: Promise<Next> | null = claimNext();
  let emptyRounds = 0;
  for (;;) {
    const got: Next = await next!;
    next = null;
    if ("stop" in got) {
      if (got.blocked) await pauseForProblem({ shopId: args.shopId, campaignId: args.campaignId, reason: got.blocked });
      return { ...summary, ended: got.stop };
    }
    const { claim } = got;
    phase = got.phase;
    summary.skipped += claim.rows.length - claim.sending.length;
    budgetExhausted = claim.budgetExhausted;
    if (!claim.rows.length) {
      // Rows this lane just requeued (a 130429, an aborted send) are due again at once, but the prefetched claim
      // ran before they were back: look again a few times before handing over to a continuation job.
      if (budgetExhausted || emptyRounds >= 3 || !(await hasDueRows(args.shopId, args.campaignId, phase))) break;
      emptyRounds++;
      await sleep(100);
      next = claimNext();
      continue;
    }
    emptyRounds = 0;
    summary.batches++;
    // The next batch is claimed when this one's last slot is near, not before: a worker that dies then leaves
    // few claimed-but-unsent rows (they would end `unknown`), and the number still never idles.
    const prefetch = () => {
      if (budgetExhausted || next) return;
      next = claimNext();
      next.catch(() => {}); // awaited below; keeps a failure from being reported as unhandled meanwhile
    };
    if (claim.sending.length) {
      let r: BatchResult;
      try {
        r = await sendBatch(ctx, claim, prefetch);
      } catch (err) {
        await giveBack(next).catch(() => {});
        throw err;
      }
      summary.sent += r.sent;
      if (r.paused) {
        await giveBack(next);
        return { ...summary, ended: "paused" };
      }
      if (r.backoffMs) {
        // WhatsApp is unreachable or asked the whole number to wait: hand the prefetched batch back and come back
        // later as a delayed job instead of holding a worker slot.
        await giveBack(next);
        const at = new Date(Date.now() + r.backoffMs);
        await queueDispatch(args.shopId, args.campaignId, at);
        return { ...summary, ended: `backing off until ${at.toISOString()}` };
      }
    }
    prefetch();
    if (!next) break;
  }
  summary.ended = await afterDrain(args.shopId, args.campaignId, phase, budgetExhausted);
  return summary;
}

async function hasDueRows(shopId: number, campaignId: number, phase: "testing" | "running"): Promise<boolean> {
  const { rows } = await pool().query(
    `SELECT 1 FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status = 'queued' AND (not_before IS NULL OR not_before <= now())
       AND ($3::text IS NULL OR "group"::text = $3) LIMIT 1`,
    [shopId, campaignId, phase === "testing" ? "test" : null],
  );
  return rows.length > 0;
}

/**
 * Nothing claimable right now: schedule what comes next from the database alone (so the reconciler can call
 * it too): a continuation at the next not_before or when the budget frees, the rollout check, or completion.
 */
export async function afterDrain(
  shopId: number,
  campaignId: number,
  phase: "testing" | "running",
  budgetExhausted = false,
): Promise<string> {
  const group = phase === "testing" ? "test" : null;
  const { rows } = await pool().query<{ due: number; later: Date | null; sending: number; last_send: Date | null }>(
    `SELECT count(*) FILTER (WHERE status = 'queued' AND (not_before IS NULL OR not_before <= now()))::int AS due,
            min(not_before) FILTER (WHERE status = 'queued' AND not_before > now()) AS later,
            count(*) FILTER (WHERE status = 'sending')::int AS sending,
            max(coalesce(sent_at, sending_at)) AS last_send
     FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown')
       AND ($3::text IS NULL OR "group"::text = $3)`,
    [shopId, campaignId, group],
  );
  const s = rows[0]!;
  if (s.due > 0) {
    // Due rows left: the budget is used up (or other lanes hold them). Come back when the budget frees.
    const at = budgetExhausted
      ? ((await budgetFreesAt(pool(), shopId)) ?? new Date(Date.now() + 60_000))
      : new Date(Date.now() + 1000);
    await queueDispatch(shopId, campaignId, at);
    return budgetExhausted ? `budget exhausted until ${at.toISOString()}` : "rows still due";
  }
  if (s.later) {
    await queueDispatch(shopId, campaignId, s.later);
    return `waiting until ${s.later.toISOString()}`;
  }
  if (s.sending > 0) return "other sends in flight"; // their lane (or the reconciler) finishes the campaign
  if (phase === "testing") {
    const c = await pool().query<{ test_wait_minutes: number }>(
      `SELECT test_wait_minutes FROM campaigns WHERE shop_id = $1 AND id = $2`,
      [shopId, campaignId],
    );
    const wait = (c.rows[0]?.test_wait_minutes ?? 60) * 60_000;
    const at = new Date((s.last_send?.getTime() ?? Date.now()) + wait);
    await queueRolloutCheck(shopId, campaignId, at);
    return `test group sent; rollout check at ${at.toISOString()}`;
  }
  const done = await pool().query(
    `UPDATE campaigns SET status = 'completed', completed_at = now(), updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND status = 'running'
       AND NOT EXISTS (SELECT 1 FROM recipients WHERE shop_id = $1 AND campaign_id = $2 AND status IN ('queued', 'sending'))`,
    [shopId, campaignId],
  );
  return (done.rowCount ?? 0) > 0 ? "completed" : "nothing to do";
}

// ---- test then rollout ---------------------------------------------------------------------------------------------

export interface TestGroupFigures {
  testRecipients: number;
  pending: number;
  /** test messages that reached WhatsApp (accepted, or answer lost) */
  sent: number;
  delivered: number;
  optedOut: number;
  lastSendAt: Date | null;
}

export async function testGroupFigures(shopId: number, campaignId: number): Promise<TestGroupFigures> {
  const { rows } = await pool().query<{
    total: number;
    pending: number;
    sent: number;
    delivered: number;
    opted_out: number;
    last_send: Date | null;
  }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE r.status IN ('queued', 'sending'))::int AS pending,
            count(*) FILTER (WHERE r.wa_message_id IS NOT NULL OR r.status = 'unknown')::int AS sent,
            count(*) FILTER (WHERE r.status IN ('delivered', 'read'))::int AS delivered,
            count(*) FILTER (WHERE (r.wa_message_id IS NOT NULL OR r.status = 'unknown') AND EXISTS (
              SELECT 1 FROM consent_events e
              WHERE e.shop_id = r.shop_id AND e.phone_e164 = r.phone_e164 AND e.new_state = 'opted_out'
                -- webhook times have one-second precision: an opt-out in the second of the send counts
                AND e.at >= date_trunc('second', coalesce(r.sent_at, r.sending_at))))::int AS opted_out,
            max(coalesce(r.sent_at, r.sending_at)) AS last_send
     FROM recipients r
     WHERE r.shop_id = $1 AND r.campaign_id = $2 AND r."group" = 'test' AND r.status NOT IN ('excluded', 'holdout')`,
    [shopId, campaignId],
  );
  const r = rows[0]!;
  return {
    testRecipients: r.total,
    pending: r.pending,
    sent: r.sent,
    delivered: r.delivered,
    optedOut: r.opted_out,
    lastSendAt: r.last_send,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, "")}%`;

/** The rollout decision for a testing campaign whose test group is sent and whose waiting time is over. */
export function rolloutDecision(
  f: TestGroupFigures,
  rules: { minDeliveryRate: number; maxOptOutRate: number },
): { rollout: true } | { rollout: false; reason: string } {
  if (f.sent === 0) {
    return {
      rollout: false,
      reason: `Held after the test: no test message reached WhatsApp (${f.testRecipients} test recipients were skipped or failed), so there is nothing to judge the rollout on.`,
    };
  }
  const delivery = f.delivered / f.sent;
  const optOut = f.optedOut / f.sent;
  const problems: string[] = [];
  if (delivery < rules.minDeliveryRate) {
    problems.push(
      `delivery rate ${pct(delivery)} (${f.delivered} of ${f.sent} test messages delivered) is below the ${pct(rules.minDeliveryRate)} minimum`,
    );
  }
  if (optOut > rules.maxOptOutRate) {
    problems.push(
      `opt-out rate ${pct(optOut)} (${f.optedOut} of ${f.sent} test recipients opted out) is above the ${pct(rules.maxOptOutRate)} maximum`,
    );
  }
  if (!problems.length) return { rollout: true };
  return {
    rollout: false,
    reason: `Held after the test: ${problems.join("; ")}. Review the test results, then roll out or cancel.`,
  };
}

export async function runRolloutCheck(args: { shopId: number; campaignId: number }): Promise<{ decision: string }> {
  const c = (
    await pool().query<CampaignRow>(
      `SELECT id, shop_id, status::text, template_id, mapping, test_share, test_wait_minutes, rollout_min_delivery_rate, rollout_max_opt_out_rate
       FROM campaigns WHERE shop_id = $1 AND id = $2`,
      [args.shopId, args.campaignId],
    )
  ).rows[0];
  if (!c || c.status !== "testing") return { decision: `campaign is ${c?.status ?? "missing"}` };
  const f = await testGroupFigures(args.shopId, args.campaignId);
  if (f.pending > 0) return { decision: "test group still sending" }; // its dispatcher schedules the check when drained
  const due = new Date((f.lastSendAt?.getTime() ?? 0) + c.test_wait_minutes * 60_000);
  if (due.getTime() > Date.now() + 1000) {
    await queueRolloutCheck(args.shopId, args.campaignId, due);
    return { decision: `waiting until ${due.toISOString()}` };
  }
  const d = rolloutDecision(f, {
    minDeliveryRate: c.rollout_min_delivery_rate,
    maxOptOutRate: c.rollout_max_opt_out_rate,
  });
  if (d.rollout) {
    const res = await pool().query(
      `UPDATE campaigns SET status = 'running', paused_reason = NULL, updated_at = now() WHERE shop_id = $1 AND id = $2 AND status = 'testing'`,
      [args.shopId, args.campaignId],
    );
    if ((res.rowCount ?? 0) > 0) await queueDispatch(args.shopId, args.campaignId);
    return { decision: "rollout" };
  }
  await pool().query(
    `UPDATE campaigns SET status = 'awaiting_decision', paused_reason = $3, updated_at = now() WHERE shop_id = $1 AND id = $2 AND status = 'testing'`,
    [args.shopId, args.campaignId, d.reason],
  );
  return { decision: "hold" };
}

// ---- reconciliation ------------------------------------------------------------------------------------------------

export interface ReconcileSummary {
  unknown: number;
  dispatchQueued: number;
  campaigns: number;
}

/**
 * Called every minute by maintenance.reconcile:
 * - rows in `sending` past the timeout (their worker died, or the answer was lost) that no status webhook
 *   settled become `unknown` — never re-sent; a status arriving later still moves them on (webhooks.server.ts);
 * - a running or testing campaign with no claim and no change for 15 seconds gets its dispatcher queued again (a
 *   no-op when its job exists), so jobs lost with Redis come back; the dispatcher then continues, books its
 *   next run (not_before, budget), schedules the rollout check or completes.
 */
export async function reconcileDispatch(
  opts: { now?: Date; /** only this shop (a manual repair, tests) */ shopId?: number } = {},
): Promise<ReconcileSummary> {
  const now = opts.now ?? new Date();
  const summary: ReconcileSummary = { unknown: 0, dispatchQueued: 0, campaigns: 0 };
  // Campaigns that can hold rows in `sending`: started and not completed (a pause or cancel can come mid-batch).
  // `idle`: running or testing but nothing claimed and no change for 15 s — its dispatcher may be lost.
  const { rows: campaigns } = await pool().query<{ id: number; shop_id: number; status: string; idle: boolean }>(
    `SELECT c.id, c.shop_id, c.status::text,
            c.updated_at < $1::timestamptz - interval '15 seconds'
              AND NOT EXISTS (SELECT 1 FROM recipients r WHERE r.shop_id = c.shop_id AND r.campaign_id = c.id AND r.status IN ('sending', 'unknown', 'sent')
                                AND r.sending_at > $1::timestamptz - interval '15 seconds') AS idle
     FROM campaigns c WHERE c.status IN ('running', 'testing', 'paused', 'awaiting_decision', 'cancelled', 'failed')
       AND ($2::int IS NULL OR c.shop_id = $2)
     ORDER BY c.id`,
    [now, opts.shopId ?? null],
  );
  const cutoff = new Date(now.getTime() - sendingTimeoutMs());
  const shops = new Set<number>();
  let redisDown = false;
  for (const c of campaigns) {
    summary.campaigns++;
    shops.add(c.shop_id);
    const res = await pool().query(
      `UPDATE recipients SET status = 'unknown', reason = 'no_answer'
       WHERE shop_id = $1 AND campaign_id = $2 AND status = 'sending' AND sending_at < $3`,
      [c.shop_id, c.id, cutoff],
    );
    summary.unknown += res.rowCount ?? 0;
    if ((c.status === "running" || c.status === "testing") && c.idle && !redisDown) {
      try {
        await queueDispatch(c.shop_id, c.id);
        summary.dispatchQueued++;
      } catch (err) {
        // Redis is unreachable: the next run (every minute) tries again; no point waiting on it per campaign.
        redisDown = true;
        console.warn(`reconcile: could not queue campaign dispatchers: ${(err as Error).message}`);
      }
    }
  }
  for (const shopId of shops) await pruneBudget(pool(), shopId);
  return summary;
}

export const __test = { settle, outcomeOfError };
