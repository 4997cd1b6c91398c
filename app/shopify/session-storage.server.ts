// Shopify sessions at rest: the offline access token (and, with expiring offline tokens, the refresh token) is
// sealed with the same AES-256-GCM keys as the WhatsApp token (app/lib/encryption.server.ts) before
// PrismaSessionStorage writes it, and opened again when a session is loaded. A stored value reads
// `enc:v1:<keyId>:<base64(iv ‖ tag ‖ ciphertext)>`; anything else is a row written before encryption, which
// still loads (so a deploy never logs every shop out) until `npm run secrets:reencrypt` or `npm run db:migrate`
// seals it (sealSessionTokens below, idempotent).
import type pg from "pg";
import { Session } from "@shopify/shopify-app-remix/server";
import type { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { decryptSecret, encryptSecret, type EncryptionKey } from "../lib/encryption.server";

const PREFIX = "enc:v1:";

type SessionStorage = Pick<
  PrismaSessionStorage<never>,
  "storeSession" | "loadSession" | "deleteSession" | "deleteSessions" | "findSessionsByShop"
>;

export function isSealedToken(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The column value for a token: sealed with the first key. */
export function sealToken(token: string, keys?: EncryptionKey[]): string {
  const sealed = encryptSecret(token, keys);
  return `${PREFIX}${sealed.keyId}:${sealed.ciphertext}`;
}

/** The token behind a column value; a value written before encryption comes back as it is. */
export function openToken(stored: string, keys?: EncryptionKey[]): string {
  if (!isSealedToken(stored)) return stored;
  const rest = stored.slice(PREFIX.length);
  const colon = rest.indexOf(":");
  return decryptSecret({ keyId: rest.slice(0, colon), ciphertext: rest.slice(colon + 1) }, keys);
}

function sealedKeyId(stored: string): string | null {
  return isSealedToken(stored) ? stored.slice(PREFIX.length).split(":")[0]! : null;
}

function transform(session: Session, fn: (value: string) => string): Session {
  const copy = new Session(session.toObject());
  if (copy.accessToken) copy.accessToken = fn(copy.accessToken);
  if (copy.refreshToken) copy.refreshToken = fn(copy.refreshToken);
  return copy;
}

/** Seals tokens on the way in, opens them on the way out; everything else is the inner storage's. */
export class EncryptedSessionStorage implements SessionStorage {
  constructor(private readonly inner: SessionStorage) {}

  async storeSession(session: Session): Promise<boolean> {
    return this.inner.storeSession(transform(session, (t) => (isSealedToken(t) ? t : sealToken(t))));
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const session = await this.inner.loadSession(id);
    return session && transform(session, (t) => openToken(t));
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.inner.findSessionsByShop(shop)).map((s) => transform(s, (t) => openToken(t)));
  }
}

export interface SealReport {
  checked: number;
  sealed: number;
  /** sessions whose token was sealed with a key no longer listed: the shop must re-authenticate */
  failedSessionIds: string[];
}

/**
 * Seal every plaintext session token and re-seal those under an older key with the first key. Idempotent: a
 * token already under the current key is left alone; each update only applies if the row still holds the value
 * read (a session refreshed meanwhile is not overwritten).
 */
export async function sealSessionTokens(
  db: Pick<pg.Pool, "query">,
  keys?: EncryptionKey[],
  opts: { shops?: string[] } = {},
): Promise<SealReport> {
  const current = sealToken("probe", keys).slice(PREFIX.length).split(":")[0]!;
  const { rows } = await db.query<{ id: string; accessToken: string; refreshToken: string | null }>(
    `SELECT id, "accessToken", "refreshToken" FROM "Session"
     WHERE ("accessToken" NOT LIKE $1 OR ("refreshToken" IS NOT NULL AND "refreshToken" NOT LIKE $1))
       AND ($2::text[] IS NULL OR shop = ANY($2))`,
    [`${PREFIX}${current}:%`, opts.shops ?? null],
  );
  let sealed = 0;
  const failedSessionIds: string[] = [];
  for (const row of rows) {
    let access: string;
    let refresh: string | null;
    try {
      access = reseal(row.accessToken, current, keys);
      refresh = row.refreshToken === null ? null : reseal(row.refreshToken, current, keys);
    } catch {
      failedSessionIds.push(row.id);
      continue;
    }
    if (access === row.accessToken && refresh === row.refreshToken) continue;
    const res = await db.query(
      `UPDATE "Session" SET "accessToken" = $2, "refreshToken" = $3
       WHERE id = $1 AND "accessToken" = $4 AND "refreshToken" IS NOT DISTINCT FROM $5`,
      [row.id, access, refresh, row.accessToken, row.refreshToken],
    );
    sealed += res.rowCount ?? 0;
  }
  return { checked: rows.length, sealed, failedSessionIds };
}

function reseal(stored: string, current: string, keys?: EncryptionKey[]): string {
  if (stored === "" || sealedKeyId(stored) === current) return stored;
  return sealToken(openToken(stored, keys), keys);
}
