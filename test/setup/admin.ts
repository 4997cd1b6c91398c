// A request from the embedded admin, as App Bridge sends it: an offline session stored for the shop and a session
// token signed with the app secret. For calling route loaders and actions directly in integration tests.
import { createHmac, randomUUID } from "node:crypto";
import type { Shop } from "@prisma/client";
import { pool } from "../../app/db.server";
import { TEST_API_KEY, TEST_API_SECRET } from "./test-env";

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export async function adminRequest(forShop: Shop, path: string, init: RequestInit = {}): Promise<Request> {
  const dest = `https://${forShop.domain}`;
  await pool().query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", scope, expires, "accessToken") VALUES ($1, $2, '', false, $3, $4, 'shpat_test')
     ON CONFLICT (id) DO NOTHING`,
    [
      `offline_${forShop.domain}`,
      forShop.domain,
      process.env.SCOPES ?? "read_customers,write_customers,read_orders,read_all_orders,read_products,write_app_proxy",
      new Date(Date.now() + 86_400_000),
    ],
  );
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `${dest}/admin`,
      dest,
      aud: TEST_API_KEY,
      sub: "42",
      exp: now + 60,
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = base64url(createHmac("sha256", TEST_API_SECRET).update(`${header}.${payload}`).digest());
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${header}.${payload}.${signature}`);
  return new Request(`https://segwa.test${path}`, { ...init, headers });
}
