// A request from the embedded admin as App Bridge sends it: a session token (HS256 with the app secret) for the
// shop, with the shop's offline session stored so authenticate.admin accepts it.
import { createHmac, randomUUID } from "node:crypto";
import { pool } from "../../app/db.server";
import { TEST_API_KEY, TEST_API_SECRET } from "./test-env";

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function sessionToken(claims: { dest: string; sub?: string }) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `${claims.dest}/admin`,
      dest: claims.dest,
      aud: TEST_API_KEY,
      sub: claims.sub ?? "42",
      exp: now + 60,
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = base64url(createHmac("sha256", TEST_API_SECRET).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

export async function adminRequest(
  shop: { domain: string },
  path: string,
  init: RequestInit & { user?: string } = {},
): Promise<Request> {
  await pool().query(
    `INSERT INTO "Session" (id, shop, state, "isOnline", scope, expires, "accessToken") VALUES ($1, $2, '', false, $3, $4, 'shpat_test')
     ON CONFLICT (id) DO NOTHING`,
    [
      `offline_${shop.domain}`,
      shop.domain,
      process.env.SCOPES ?? "read_customers,write_customers,read_orders,read_all_orders,read_products,write_app_proxy",
      new Date(Date.now() + 86_400_000),
    ],
  );
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${sessionToken({ dest: `https://${shop.domain}`, sub: init.user })}`);
  return new Request(`https://segwa.test${path}`, { ...init, headers });
}
