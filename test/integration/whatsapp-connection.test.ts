// Connecting a number: the typed client against the Cloud API simulator (sends, errors classified, paged
// template listing), validation before saving, the token encrypted at rest and never in the browser's data,
// refresh and disconnect, template sync, and a shop never seeing another shop's connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { pool, prisma } from "../../app/db.server";
import { getEnv, resetEnvForTests } from "../../app/env.server";
import { decryptSecret, encryptSecret, resetKeysForTests } from "../../app/lib/encryption.server";
import {
  accountView,
  clientForShop,
  connectWhatsApp,
  ConnectError,
  disconnectWhatsApp,
  reencryptTokens,
  refreshAccount,
} from "../../app/whatsapp/account.server";
import { createWhatsAppClient } from "../../app/whatsapp/client.server";
import { WhatsAppApiError } from "../../app/whatsapp/errors";
import { listTemplates, syncTemplates } from "../../app/whatsapp/templates.server";
import { loadWhatsAppSettings, whatsappSettingsAction } from "../../app/whatsapp/settings.server";
import { opaqueFor } from "../../app/whatsapp/refs";
import {
  demoTemplates,
  LATEST_GRAPH_VERSION,
  type SimTemplate,
  type WhatsAppSimulator,
} from "../simulators/whatsapp/index";
import { createTestShop } from "../setup/shops";
import { connectShop, startSim, type SimAccountIds } from "../setup/whatsapp";

let sim: WhatsAppSimulator;
let ids: SimAccountIds;
let shop: Shop;

// 130 templates: more than one page at limit=100, so paging is exercised.
const manyTemplates: SimTemplate[] = [
  ...demoTemplates("19000000000"),
  ...Array.from({ length: 127 }, (_, i) => ({
    ...demoTemplates("19000000000")[2]!,
    id: `18${String(i).padStart(13, "0")}`,
    name: `utility_${i}`,
    status: (i % 10 === 0 ? "PENDING" : "APPROVED") as SimTemplate["status"],
  })),
];

beforeAll(async () => {
  ({ sim, ids } = await startSim(undefined, {}, manyTemplates));
  shop = await createTestShop();
});
afterAll(async () => {
  await sim.close();
});

describe("the Cloud API client", () => {
  const client = () => createWhatsAppClient(ids, { graphUrl: sim.url, version: LATEST_GRAPH_VERSION });

  it("sends a template with our callback data and returns the wamid", async () => {
    const r = await client().sendTemplate({
      to: "+447700900123",
      template: {
        name: "order_shipped",
        language: "en_US",
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Maria" },
              { type: "text", text: "#1001" },
            ],
          },
        ],
      },
      bizOpaqueCallbackData: opaqueFor(77n),
    });
    expect(r.wamid).toMatch(/^wamid\./);
    expect(r.waId).toBe("447700900123");
    expect(r.messageStatus).toBe("accepted");
    const accepted = sim.accepted.find((a) => a.wamid === r.wamid)!;
    expect(accepted.bizOpaqueCallbackData).toBe("rcpt:77");
  });

  it("classifies Meta's errors: 132000 permanent for the template, 190 stops the shop", async () => {
    const bad = await client()
      .sendTemplate({ to: "447700900124", template: { name: "order_shipped", language: "en_US", components: [] } })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(WhatsAppApiError);
    expect((bad as WhatsAppApiError).code).toBe(132000);
    expect((bad as WhatsAppApiError).policy).toMatchObject({ class: "permanent", scope: "template" });
    expect((bad as WhatsAppApiError).message).toContain("number of localizable_params (0)");

    const revoked = createWhatsAppClient(
      { ...ids, accessToken: "EAAG-revoked" },
      { graphUrl: sim.url, version: "v26.0" },
    );
    const err = (await revoked.getPhoneNumber().catch((e: unknown) => e)) as WhatsAppApiError;
    expect(err.code).toBe(190);
    expect(err.class).toBe("stop");
    expect(err.message).not.toContain("EAAG-revoked");
  });

  it("exposes 130429 and 131056 as pacing signals", async () => {
    await new Promise((r) => setTimeout(r, 1100)); // earlier sends leave the 1-s window
    sim.setThroughput(ids.phoneNumberId, 3);
    const send = (to: string) =>
      client()
        .sendTemplate({
          to,
          template: {
            name: "order_shipped",
            language: "en_US",
            components: [
              {
                type: "body",
                parameters: [
                  { type: "text", text: "A" },
                  { type: "text", text: "B" },
                ],
              },
            ],
          },
        })
        .then(
          () => null,
          (e: WhatsAppApiError) => e,
        );
    const results = await Promise.all(
      ["447700900201", "447700900202", "447700900203", "447700900204", "447700900205"].map(send),
    );
    const limited = results.filter((e): e is WhatsAppApiError => e !== null);
    expect(limited.length).toBe(2);
    expect(limited.every((e) => e.isThroughputLimit && e.policy.pacing === "throughput")).toBe(true);
    sim.setThroughput(ids.phoneNumberId, 80);
    await new Promise((r) => setTimeout(r, 1100));
    const pair = await Promise.all([send("447700900301"), send("447700900301"), send("447700900301")]);
    const paired = pair.filter((e): e is WhatsAppApiError => e !== null);
    expect(paired.map((e) => e.code)).toEqual([131056]);
    expect(paired[0]!.isPairRateLimit && paired[0]!.policy.retryAfterMs === 6000).toBe(true);
  });

  it("lists every template across pages", async () => {
    const all = await client().listTemplates({ limit: 50 });
    expect(all).toHaveLength(130);
    expect(new Set(all.map((t) => t.name)).size).toBe(130);
  });

  it("keeps the token off any other origin a paging link points to", async () => {
    const c = client() as unknown as { nextPage(next: string): URL | null };
    expect(() => c.nextPage("https://evil.example.com/v26.0/1/message_templates?after=x")).toThrow(
      /refusing to follow/,
    );
  });
});

describe("connecting a shop", () => {
  it("refuses a wrong token, an unknown number and a number outside the WABA, with the field at fault", async () => {
    const attempt = (input: Partial<SimAccountIds>) =>
      connectWhatsApp({
        shopId: shop.id,
        phoneNumberId: ids.phoneNumberId,
        wabaId: ids.wabaId,
        accessToken: ids.accessToken,
        ...input,
      }).catch((e: unknown) => e as ConnectError);
    expect(await attempt({ accessToken: "EAAG-not-the-token" })).toMatchObject({
      field: "accessToken",
      message: expect.stringContaining("rejected the access token"),
    });
    expect(await attempt({ phoneNumberId: "123456789012345" })).toMatchObject({ field: "phoneNumberId" });
    expect(await attempt({ wabaId: "x12" })).toMatchObject({ field: "wabaId" });
    expect(await prisma().whatsAppAccount.findUnique({ where: { shopId: shop.id } })).toBeNull();
  });

  it("stores the validated connection with the token encrypted, and the browser view has no token", async () => {
    const view = await connectShop(shop, ids);
    expect(view).toMatchObject({
      verifiedName: "Green Leaf",
      qualityRating: "GREEN",
      messagingLimitTier: "TIER_10K",
      throughputMps: 80,
      marketingMessagesStatus: "ONBOARDED",
      status: "connected",
    });
    const row = (await pool().query(`SELECT * FROM whatsapp_accounts WHERE shop_id = $1`, [shop.id])).rows[0];
    expect(row.access_token_encrypted).not.toContain(ids.accessToken);
    expect(decryptSecret({ keyId: row.key_id, ciphertext: row.access_token_encrypted })).toBe(ids.accessToken);
    const settings = await loadWhatsAppSettings(shop.id);
    expect(JSON.stringify(settings)).not.toContain(ids.accessToken);
    expect(JSON.stringify(settings)).not.toContain(row.access_token_encrypted);
  });

  it("syncs every template with components, status and quality; a template gone from the WABA is marked deleted", async () => {
    const r = await syncTemplates(shop.id);
    expect(r).toEqual({ fetched: 130, approved: 117, removed: 0 });
    const spring = (await listTemplates(shop.id)).find((t) => t.name === "spring_sale")!;
    expect(spring).toMatchObject({
      language: "en_US",
      category: "MARKETING",
      status: "APPROVED",
      qualityScore: "GREEN",
      parameterFormat: "POSITIONAL",
    });
    expect(spring.components.map((c) => c.type)).toEqual(["HEADER", "BODY", "FOOTER", "BUTTONS"]);
    await pool().query(
      `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status) VALUES ($1, '1', 'old_promo', 'en', 'MARKETING', 'APPROVED')`,
      [shop.id],
    );
    expect((await syncTemplates(shop.id)).removed).toBe(1);
    expect((await listTemplates(shop.id)).some((t) => t.name === "old_promo")).toBe(false);
  });

  it("key rotation: after a new key is put first, re-encryption moves the token to it and sends keep working", async () => {
    const before = process.env.ENCRYPTION_KEYS!;
    process.env.ENCRYPTION_KEYS = `rotated:${Buffer.alloc(32, 42).toString("base64")},${before}`;
    resetEnvForTests();
    resetKeysForTests();
    try {
      // Only this test's shop: other test files use their own connections in the same database at the same time.
      const r = await reencryptTokens({ shopIds: [shop.id] });
      expect(r).toEqual({ checked: 1, reencrypted: 1, failedShopIds: [] });
      const row = (
        await pool().query(`SELECT key_id, access_token_encrypted FROM whatsapp_accounts WHERE shop_id = $1`, [shop.id])
      ).rows[0];
      expect(row.key_id).toBe("rotated");
      expect(decryptSecret({ keyId: row.key_id, ciphertext: row.access_token_encrypted })).toBe(ids.accessToken);
      const { client } = await clientForShop(shop.id);
      expect((await client.getPhoneNumber()).id).toBe(ids.phoneNumberId);
      // Rows encrypted with the current key are left alone the second time.
      const again = await reencryptTokens({ shopIds: [shop.id] });
      expect(again.reencrypted).toBe(0);
    } finally {
      // Back to the original key for the rest of the file.
      const row = (
        await pool().query(`SELECT access_token_encrypted, key_id FROM whatsapp_accounts WHERE shop_id = $1`, [shop.id])
      ).rows[0];
      const token = decryptSecret({ keyId: row.key_id, ciphertext: row.access_token_encrypted });
      process.env.ENCRYPTION_KEYS = before;
      resetEnvForTests();
      resetKeysForTests();
      const sealed = encryptSecret(token);
      await pool().query(`UPDATE whatsapp_accounts SET access_token_encrypted = $2, key_id = $3 WHERE shop_id = $1`, [
        shop.id,
        sealed.ciphertext,
        sealed.keyId,
      ]);
    }
  });

  it("refuses to connect the same number to a second store", async () => {
    const other = await createTestShop();
    await expect(connectShop(other, ids)).rejects.toThrow(/already connected to another store/);
    expect(await accountView(other.id)).toBeNull();
  });

  it("refresh picks up quality and limit changes; a revoked token marks the connection for the merchant", async () => {
    await sim.setQualityRating(ids.phoneNumberId, "YELLOW");
    await sim.setTier(ids.phoneNumberId, "TIER_100K");
    sim.setMarketingMessagesStatus(ids.wabaId, "ELIGIBLE");
    expect(await refreshAccount(shop.id)).toMatchObject({
      qualityRating: "YELLOW",
      messagingLimitTier: "TIER_100K",
      marketingMessagesStatus: "ELIGIBLE",
      status: "connected",
    });
    const sealed = encryptSecret("EAAG-revoked-token");
    await pool().query(`UPDATE whatsapp_accounts SET access_token_encrypted = $2, key_id = $3 WHERE shop_id = $1`, [
      shop.id,
      sealed.ciphertext,
      sealed.keyId,
    ]);
    const view = await refreshAccount(shop.id);
    expect(view).toMatchObject({ status: "token_invalid" });
    expect(view!.statusReason).toMatch(/invalid or expired.*190/);
    await connectShop(shop, ids); // reconnecting with a good token clears it
    expect((await clientForShop(shop.id)).account.status).toBe("connected");
  });

  it("the Settings action connects, refreshes and disconnects (templates are kept)", async () => {
    const s = await createTestShop();
    const ids2 = { ...ids };
    await disconnectWhatsApp(shop.id); // the number may belong to one store at a time
    const form = (o: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(o)) f.set(k, v);
      return f;
    };
    const bad = await whatsappSettingsAction(
      s.id,
      form({ intent: "connect", phoneNumberId: "12", wabaId: ids2.wabaId, accessToken: ids2.accessToken }),
    );
    expect(bad).toMatchObject({ ok: false, field: "phoneNumberId" });
    const ok = await whatsappSettingsAction(s.id, form({ intent: "connect", ...ids2 }));
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining("117 approved templates synced") });
    expect(await whatsappSettingsAction(s.id, form({ intent: "refresh" }))).toMatchObject({ ok: true });
    expect(await whatsappSettingsAction(s.id, form({ intent: "disconnect" }))).toMatchObject({ ok: true });
    expect(await accountView(s.id)).toBeNull();
    expect((await listTemplates(s.id)).length).toBe(130);
    expect(getEnv().WHATSAPP_GRAPH_URL).toBe(sim.url);
    // The app pins Meta's latest Graph version, and every call of the action above went out with it.
    expect(getEnv().WHATSAPP_GRAPH_VERSION).toBe(LATEST_GRAPH_VERSION);
    expect(new Set(sim.requestVersions)).toEqual(new Set([LATEST_GRAPH_VERSION]));
  });

  it("a version Meta no longer serves (v20.0) or has not released (v27.0) is refused, not answered", async () => {
    for (const version of ["v20.0", "v27.0"]) {
      const old = createWhatsAppClient(ids, { graphUrl: sim.url, version });
      await expect(old.getPhoneNumber()).rejects.toMatchObject({ code: 2500, httpStatus: 400 });
    }
  });
});
