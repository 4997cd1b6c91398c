// WhatsApp test helpers: a Cloud API simulator with a unique number per test (phone number ids are unique
// across shops), the app's webhook route served over HTTP so the simulator can deliver to it, and a way to
// apply what landed in the inbox.
import http from "node:http";
import { randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { connectWhatsApp } from "../../app/whatsapp/account.server";
import { processInboxEvent } from "../../jobs/processors/inbox";
import {
  demoTemplates,
  startWhatsAppSimulator,
  type SimTemplate,
  type WhatsAppSimulator,
  type WhatsAppSimulatorOptions,
} from "../simulators/whatsapp/index";

export const META_APP_SECRET = "test-meta-app-secret"; // = WHATSAPP_APP_SECRET in test-env.ts

export interface SimAccountIds {
  wabaId: string;
  phoneNumberId: string;
  accessToken: string;
  displayPhoneNumber: string;
}

export function uniqueAccount(): SimAccountIds {
  const digits = (n: number) =>
    Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join("");
  return {
    wabaId: digits(15),
    phoneNumberId: digits(15),
    accessToken: `EAAG${digits(20)}`,
    displayPhoneNumber: `1555${digits(7)}`,
  };
}

export async function startSim(
  ids: SimAccountIds = uniqueAccount(),
  extra: Partial<WhatsAppSimulatorOptions> = {},
  templates: SimTemplate[] = demoTemplates(ids.wabaId.slice(0, 11)),
): Promise<{ sim: WhatsAppSimulator; ids: SimAccountIds }> {
  const sim = await startWhatsAppSimulator({
    appSecret: META_APP_SECRET,
    accounts: [{ ...ids, verifiedName: "Green Leaf", qualityRating: "GREEN", messagingLimitTier: "TIER_10K" }],
    templates: { [ids.wabaId]: templates },
    statusDelayMs: 5,
    webhookRetryBaseMs: 20,
    ...extra,
  });
  process.env.WHATSAPP_GRAPH_URL = sim.url;
  const { resetEnvForTests } = await import("../../app/env.server");
  resetEnvForTests();
  return { sim, ids };
}

export async function connectShop(shop: Shop, ids: SimAccountIds) {
  return connectWhatsApp({
    shopId: shop.id,
    phoneNumberId: ids.phoneNumberId,
    wabaId: ids.wabaId,
    accessToken: ids.accessToken,
  });
}

/** The app's /webhooks/whatsapp route over HTTP (what Meta — here the simulator — posts to). */
export async function serveWebhookRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const { action, loader } = await import("../../app/routes/webhooks.whatsapp");
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    // the handler catches its own errors (a 500 back to the caller), so nothing is left unhandled
    req.on("end", () => void respond());
    async function respond() {
      const url = `http://127.0.0.1${req.url}`;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(url, {
        method: req.method,
        headers,
        body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
      });
      try {
        const response =
          req.method === "POST"
            ? await action({ request, params: {}, context: {} })
            : await loader({ request, params: {}, context: {} });
        res.writeHead(response.status, { "Content-Type": "text/plain" }).end(await response.text());
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Applies the shop's stored WhatsApp deliveries, oldest first (what the inbox worker does). */
export async function applyInbox(shopId: number): Promise<number> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id::text FROM inbox_events WHERE source = 'whatsapp' AND shop_id = $1 AND status IN ('pending', 'deferred', 'failed') ORDER BY id`,
    [shopId],
  );
  for (const r of rows) await processInboxEvent({ inboxId: r.id });
  return rows.length;
}

/** A campaign with recipients in the given states (what the campaign dispatcher of the next issue creates). */
export async function createRecipients(
  shopId: number,
  rows: Array<{ customerId: bigint | string; phone: string; status?: string; waMessageId?: string | null }>,
): Promise<{ campaignId: number; ids: string[] }> {
  const c = await pool().query<{ id: number }>(
    `INSERT INTO campaigns (shop_id, name, status, updated_at) VALUES ($1, 'Test campaign', 'running', now()) RETURNING id`,
    [shopId],
  );
  const campaignId = c.rows[0]!.id;
  const ids: string[] = [];
  for (const r of rows) {
    const res = await pool().query<{ id: string }>(
      `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, status, wa_message_id)
       VALUES ($1, $2, $3, $4, $5::"RecipientStatus", $6) RETURNING id::text`,
      [shopId, campaignId, String(r.customerId), r.phone, r.status ?? "queued", r.waMessageId ?? null],
    );
    ids.push(res.rows[0]!.id);
  }
  return { campaignId, ids };
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
