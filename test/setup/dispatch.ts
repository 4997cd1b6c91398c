// Campaign dispatch test helpers: a shop connected to the Cloud API simulator (webhooks delivered to the app's
// route), an opted-in audience written set-based, and campaigns with recipient rows as the campaign start
// (snapshot) leaves them: queued rows in group test/main, holdouts never sent.
import type { Shop } from "@prisma/client";
import { afterAll, afterEach } from "vitest";
import { closeRateLimiter } from "../../app/campaigns/rates.server";
import { pool } from "../../app/db.server";
import { asTemplateLike } from "../../app/whatsapp/mapping";
import { completeMapping } from "./mapping";
import { listTemplates, saveDefaultMapping } from "../../app/whatsapp/templates.server";
import type { WhatsAppSimulator, WhatsAppSimulatorOptions } from "../simulators/whatsapp/index";
import { createTestShop } from "./shops";
import { applyInbox, connectShop, serveWebhookRoute, startSim, type SimAccountIds } from "./whatsapp";

export interface DispatchWorld {
  sim: WhatsAppSimulator;
  ids: SimAccountIds;
  shop: Shop;
  templateId: number;
  route: Awaited<ReturnType<typeof serveWebhookRoute>>;
  /** delivers every scheduled webhook and applies what landed in the inbox */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function dispatchWorld(
  opts: { sim?: Partial<WhatsAppSimulatorOptions>; mps?: number; tier?: string; template?: string } = {},
): Promise<DispatchWorld> {
  const route = await serveWebhookRoute();
  const { sim, ids } = await startSim(undefined, {
    webhookUrl: route.url,
    readRate: 0.5,
    statusDelayMs: 2,
    ...opts.sim,
  });
  const shop = await createTestShop({ currency: "USD" });
  await connectShop(shop, ids);
  const { syncTemplates } = await import("../../app/whatsapp/templates.server");
  await syncTemplates(shop.id);
  await pool().query(
    `UPDATE whatsapp_accounts SET throughput_mps = coalesce($2, throughput_mps), messaging_limit_tier = coalesce($3, messaging_limit_tier) WHERE shop_id = $1`,
    [shop.id, opts.mps ?? null, opts.tier ?? null],
  );
  if (opts.mps) sim.setThroughput(ids.phoneNumberId, opts.mps);
  const templates = await listTemplates(shop.id);
  // The suggestion leaves Meta's examples unmapped (issue 15 B8); these tests send, so each template gets the
  // mapping a merchant would save: the suggestion, with the example typed in as fixed text for the rest.
  for (const x of templates) {
    const r = await saveDefaultMapping(shop.id, x.id, completeMapping(asTemplateLike(x)));
    if (!r.ok) throw new Error(`mapping of ${x.name}: ${JSON.stringify(r.issues)}`);
  }
  const t = templates.find((x) => x.name === (opts.template ?? "spring_sale"))!;
  return {
    sim,
    ids,
    shop,
    templateId: t.id,
    route,
    async settle() {
      await sim.flushWebhooks();
      await applyInbox(shop.id);
    },
    async close() {
      await sim.close();
      await route.close();
    },
  };
}

/** For a test file: a factory of worlds, each closed after its test; the rate limiter's Redis closed at the end. */
export function dispatchWorlds(): (opts?: Parameters<typeof dispatchWorld>[0]) => Promise<DispatchWorld> {
  let current: DispatchWorld | null = null;
  afterEach(async () => {
    if (current) {
      // Leave no work behind for another test file's reconciler: no running campaign, no unapplied webhook.
      await pool().query(
        `UPDATE campaigns SET status = 'cancelled' WHERE shop_id = $1 AND status IN ('running', 'testing')`,
        [current.shop.id],
      );
      await current.close();
      await pool().query(`DELETE FROM inbox_events WHERE shop_id = $1 AND status <> 'done'`, [current.shop.id]);
    }
    current = null;
  });
  afterAll(async () => {
    await closeRateLimiter();
  });
  return async (opts) => (current = await dispatchWorld(opts));
}

/** A UK mobile number for audience member i (never ending in 0000, which the simulator fails with 131026). */
export function phoneOf(i: number, prefix = "+4477"): string {
  return `${prefix}${String(i).padStart(7, "0")}1`;
}

/**
 * Customers first..first+n-1 with phones, opted in (contacts), in one statement each. `phone` overrides the
 * number for some of them (e.g. a +1 number, or one ending in 0000).
 */
export async function seedAudience(
  shopId: number,
  n: number,
  opts: { first?: number; phone?: (i: number) => string | null } = {},
) {
  const first = opts.first ?? 1;
  const idx = Array.from({ length: n }, (_, k) => first + k);
  const phones = idx.map((i) => opts.phone?.(i) ?? phoneOf(i));
  await pool().query(
    `INSERT INTO customers (shop_id, id, first_name, phone_raw, phone_e164, phone_valid, country_code)
     SELECT $1, t.i, 'Customer ' || t.i, t.phone, t.phone, true, 'GB' FROM unnest($2::bigint[], $3::text[]) AS t(i, phone)
     ON CONFLICT (shop_id, id) DO NOTHING`,
    [shopId, idx, phones],
  );
  await pool().query(
    `INSERT INTO contacts (shop_id, phone_e164, customer_id, consent_state, consent_source, consent_at)
     SELECT $1, t.phone, t.i, 'opted_in', 'csv', now() - interval '30 days' FROM unnest($2::bigint[], $3::text[]) AS t(i, phone)
     ON CONFLICT (shop_id, phone_e164) DO NOTHING`,
    [shopId, idx, phones],
  );
  return { ids: idx, phones };
}

/** A started campaign over the given customers: `testCount` first ones in group test, the rest main. */
export async function createCampaign(
  world: { shop: Shop; templateId: number },
  customers: { ids: number[]; phones: string[] },
  opts: {
    status?: "running" | "testing";
    testCount?: number;
    testWaitMinutes?: number;
    minDelivery?: number;
    maxOptOut?: number;
    minReply?: number | null;
    minClick?: number | null;
  } = {},
): Promise<number> {
  const c = await pool().query<{ id: number }>(
    `INSERT INTO campaigns (shop_id, name, status, template_id, test_share, test_wait_minutes, rollout_min_delivery_rate, rollout_max_opt_out_rate,
                            rollout_min_reply_rate, rollout_min_click_rate, started_at, updated_at)
     VALUES ($1, 'Dispatch test', $2::"CampaignStatus", $3, $4, $5, $6, $7, $8, $9, now(), now()) RETURNING id`,
    [
      world.shop.id,
      opts.status ?? "running",
      world.templateId,
      opts.testCount ? opts.testCount / customers.ids.length : 0,
      opts.testWaitMinutes ?? 0,
      opts.minDelivery ?? 0.9,
      opts.maxOptOut ?? 0.02,
      opts.minReply ?? null,
      opts.minClick ?? null,
    ],
  );
  const campaignId = c.rows[0]!.id;
  await pool().query(
    `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, country_code, "group", status)
     SELECT $1, $2, t.id, t.phone, 'GB', (CASE WHEN t.n <= $5 THEN 'test' ELSE 'main' END)::"RecipientGroup", 'queued'
     FROM unnest($3::bigint[], $4::text[]) WITH ORDINALITY AS t(id, phone, n)`,
    [world.shop.id, campaignId, customers.ids, customers.phones, opts.testCount ?? 0],
  );
  return campaignId;
}

export async function recipientsOf(campaignId: number) {
  const { rows } = await pool().query<{
    id: string;
    customer_id: string;
    phone_e164: string;
    status: string;
    group: string;
    reason: string | null;
    wa_message_id: string | null;
    error_code: number | null;
    error_title: string | null;
    attempts: number;
    cost_minor: string | null;
    not_before: Date | null;
    sending_at: Date | null;
  }>(
    `SELECT id::text, customer_id::text, phone_e164, status::text, "group"::text AS "group", reason, wa_message_id, error_code, error_title, attempts,
            cost_minor::text, not_before, sending_at
     FROM recipients WHERE campaign_id = $1 ORDER BY id`,
    [campaignId],
  );
  return rows;
}

export async function campaignRow(campaignId: number) {
  return (
    await pool().query<{ status: string; paused_reason: string | null; completed_at: Date | null }>(
      `SELECT status::text, paused_reason, completed_at FROM campaigns WHERE id = $1`,
      [campaignId],
    )
  ).rows[0]!;
}

/** How many times the simulator accepted a message for each recipient id (from biz_opaque_callback_data). */
export function acceptedPerRecipient(sim: WhatsAppSimulator): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of sim.accepted) {
    const id = m.bizOpaqueCallbackData?.replace(/^rcpt:/, "");
    if (id) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

export { applyInbox };
