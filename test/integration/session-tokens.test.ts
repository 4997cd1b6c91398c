// Shopify tokens at rest: the app's session storage (the one shopify.server.ts configures) writes sealed access
// and refresh tokens to "Session", gives them back on load, and the one-off seals rows stored before encryption.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-app-remix/server";
import { pool } from "../../app/db.server";
import { parseKeys } from "../../app/lib/encryption.server";
import { sessionStorage } from "../../app/shopify.server";
import { openToken, sealSessionTokens } from "../../app/shopify/session-storage.server";

function offlineSession(shop: string, accessToken: string, refreshToken?: string) {
  const session = new Session({
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    accessToken,
    scope: "read_orders",
  });
  if (refreshToken) {
    session.refreshToken = refreshToken;
    session.refreshTokenExpires = new Date(Date.now() + 86_400_000);
  }
  return session;
}

async function stored(id: string) {
  const { rows } = await pool().query<{ accessToken: string; refreshToken: string | null }>(
    `SELECT "accessToken", "refreshToken" FROM "Session" WHERE id = $1`,
    [id],
  );
  return rows[0]!;
}

describe("Shopify session tokens at rest", () => {
  it("stores no plaintext token and loads it back", async () => {
    const shop = `tok-${randomUUID().slice(0, 8)}.myshopify.com`;
    const access = `shpat_${randomUUID().replace(/-/g, "")}`;
    const refresh = `shprt_${randomUUID().replace(/-/g, "")}`;
    await sessionStorage.storeSession(offlineSession(shop, access, refresh));

    const row = await stored(`offline_${shop}`);
    expect(row.accessToken).toMatch(/^enc:v1:test1:/);
    expect(row.accessToken).not.toContain(access);
    expect(row.refreshToken).not.toContain(refresh);
    // Nothing in the row (any column) holds either token.
    const whole = await pool().query(`SELECT row_to_json(s)::text AS j FROM "Session" s WHERE id = $1`, [
      `offline_${shop}`,
    ]);
    expect(whole.rows[0].j).not.toContain(access.slice(6));
    expect(whole.rows[0].j).not.toContain(refresh.slice(6));

    const loaded = await sessionStorage.loadSession(`offline_${shop}`);
    expect(loaded?.accessToken).toBe(access);
    expect(loaded?.refreshToken).toBe(refresh);
    const byShop = await sessionStorage.findSessionsByShop(shop);
    expect(byShop.map((s) => s.accessToken)).toEqual([access]);
  });

  it("seals rows written before encryption, once, and re-seals under a new first key", async () => {
    const shop = `old-${randomUUID().slice(0, 8)}.myshopify.com`;
    const access = `shpat_${randomUUID().replace(/-/g, "")}`;
    await pool().query(
      `INSERT INTO "Session" (id, shop, state, "isOnline", "accessToken") VALUES ($1, $2, '', false, $3)`,
      [`offline_${shop}`, shop, access],
    );
    // A plaintext row still loads (a deploy does not log every shop out before the one-off ran).
    expect((await sessionStorage.loadSession(`offline_${shop}`))?.accessToken).toBe(access);

    const keys = parseKeys(process.env.ENCRYPTION_KEYS);
    const first = await sealSessionTokens(pool(), keys, { shops: [shop] });
    expect(first).toEqual({ checked: 1, sealed: 1, failedSessionIds: [] });
    const sealed = (await stored(`offline_${shop}`)).accessToken;
    expect(sealed).toMatch(/^enc:v1:test1:/);
    expect(openToken(sealed, keys)).toBe(access);

    // Idempotent: a second run leaves the sealed row as it is.
    expect(await sealSessionTokens(pool(), keys, { shops: [shop] })).toMatchObject({ checked: 0, sealed: 0 });
    expect((await stored(`offline_${shop}`)).accessToken).toBe(sealed);

    // Rotation: a new key first, the old one still listed to read with.
    const rotated = parseKeys(`k2:${Buffer.alloc(32, 9).toString("base64")},${process.env.ENCRYPTION_KEYS}`);
    await sealSessionTokens(pool(), rotated, { shops: [shop] });
    const resealed = (await stored(`offline_${shop}`)).accessToken;
    expect(resealed).toMatch(/^enc:v1:k2:/);
    expect(openToken(resealed, rotated)).toBe(access);
    expect(() => openToken(resealed, keys)).toThrow(/no key "k2"/);
  });
});
