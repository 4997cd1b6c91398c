// The shop's WhatsApp connection: validated against the Cloud API before it is saved, the access token
// encrypted at rest (app/lib/encryption.server.ts) and never returned to the browser or logged, refreshed
// (display name, quality rating, the portfolio's messaging limit, throughput) by a job and by webhooks.
import type { WhatsAppAccount } from "@prisma/client";
import { prisma } from "../db.server";
import { getEnv } from "../env.server";
import { currentKeyId, decryptSecret, DecryptionError, encryptSecret } from "../lib/encryption.server";
import { createWhatsAppClient, type WhatsAppClient } from "./client.server";
import { WhatsAppApiError } from "./errors";
import type { BusinessAccountInfo, PhoneNumberInfo } from "./types";

/** What the browser may see of a connection: everything except the token. */
export interface AccountView {
  phoneNumberId: string;
  wabaId: string;
  wabaName: string | null;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  qualityRating: string | null;
  messagingLimitTier: string | null;
  throughputLevel: string | null;
  throughputMps: number;
  /** ONBOARDED | ELIGIBLE | INELIGIBLE, or null before the first read */
  marketingMessagesStatus: string | null;
  status: string;
  statusReason: string | null;
  lastAccountEvent: string | null;
  lastAccountEventAt: string | null;
  connectedAt: string;
  refreshedAt: string | null;
  templatesSyncedAt: string | null;
}

export function toView(a: WhatsAppAccount): AccountView {
  return {
    phoneNumberId: a.phoneNumberId,
    wabaId: a.wabaId,
    wabaName: a.wabaName,
    displayPhoneNumber: a.displayPhoneNumber,
    verifiedName: a.verifiedName,
    qualityRating: a.qualityRating,
    messagingLimitTier: a.messagingLimitTier,
    throughputLevel: a.throughputLevel,
    throughputMps: a.throughputMps,
    marketingMessagesStatus: a.marketingMessagesStatus,
    status: a.status,
    statusReason: a.statusReason,
    lastAccountEvent: a.lastAccountEvent,
    lastAccountEventAt: a.lastAccountEventAt?.toISOString() ?? null,
    connectedAt: a.connectedAt.toISOString(),
    refreshedAt: a.refreshedAt?.toISOString() ?? null,
    templatesSyncedAt: a.templatesSyncedAt?.toISOString() ?? null,
  };
}

export async function accountView(shopId: number): Promise<AccountView | null> {
  const a = await prisma().whatsAppAccount.findUnique({ where: { shopId } });
  return a ? toView(a) : null;
}

function clientOptions() {
  const env = getEnv();
  return { graphUrl: env.WHATSAPP_GRAPH_URL, version: env.WHATSAPP_GRAPH_VERSION };
}

/** 80 messages/s by default, 1,000 once Meta upgrades the number (apis.md A6). */
export function mpsForLevel(level: string | null): number {
  return level === "HIGH" ? 1000 : 80;
}

/** The columns read from the phone number and WABA nodes (connect and refresh). */
function nodeFields(phone: PhoneNumberInfo, waba: BusinessAccountInfo) {
  return {
    displayPhoneNumber: phone.displayPhoneNumber,
    verifiedName: phone.verifiedName,
    qualityRating: phone.qualityRating,
    messagingLimitTier: phone.messagingLimitTier ?? waba.messagingLimitTier,
    throughputLevel: phone.throughputLevel,
    throughputMps: mpsForLevel(phone.throughputLevel),
    wabaName: waba.name,
    marketingMessagesStatus: waba.marketingMessagesStatus,
  };
}

export class ConnectError extends Error {
  override name = "ConnectError";
  constructor(
    message: string,
    readonly field?: "phoneNumberId" | "wabaId" | "accessToken",
  ) {
    super(message);
  }
}

export interface ConnectInput {
  shopId: number;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
}

/** Merchant-facing explanation of a failed validation call (never echoes the token). */
function explain(err: unknown, what: "phone" | "waba"): ConnectError {
  if (!(err instanceof WhatsAppApiError)) throw err;
  if (err.code === 190 || err.code === 0 || err.code === 104) {
    return new ConnectError(
      "Meta rejected the access token: it is invalid or expired. Create a permanent system-user token.",
      "accessToken",
    );
  }
  if (err.code === 100 && err.subcode === 33) {
    return what === "phone"
      ? new ConnectError("Meta has no phone number with this id that the token can use.", "phoneNumberId")
      : new ConnectError("Meta has no WhatsApp Business Account with this id that the token can use.", "wabaId");
  }
  if (err.policy.class === "stop")
    return new ConnectError(`${err.policy.meaning} (Meta error ${err.code})`, "accessToken");
  if (err.code === null) return new ConnectError("WhatsApp could not be reached. Try again in a minute.");
  if (err.code === 100) return new ConnectError(`Meta refused the request: ${err.message}`);
  return new ConnectError(`Meta answered with error ${err.code}: ${err.message}`);
}

/**
 * Validates the three values by calling the Cloud API (phone number node, WABA node, and that the number
 * belongs to the WABA), then stores the connection with the token encrypted.
 */
export async function connectWhatsApp(input: ConnectInput): Promise<AccountView> {
  const phoneNumberId = input.phoneNumberId.trim();
  const wabaId = input.wabaId.trim();
  const accessToken = input.accessToken.trim();
  if (!/^\d{5,20}$/.test(phoneNumberId))
    throw new ConnectError(
      "The phone number id is the number Meta shows under API Setup (digits only).",
      "phoneNumberId",
    );
  if (!/^\d{5,20}$/.test(wabaId)) throw new ConnectError("The WhatsApp Business Account id is digits only.", "wabaId");
  if (accessToken.length < 10 || /\s/.test(accessToken))
    throw new ConnectError("Paste the whole access token (no spaces).", "accessToken");

  const client = createWhatsAppClient({ phoneNumberId, wabaId, accessToken }, clientOptions());
  const phone = await client.getPhoneNumber().catch((e) => Promise.reject(explain(e, "phone")));
  const waba = await client.getBusinessAccount().catch((e) => Promise.reject(explain(e, "waba")));
  const numbers = await client.listPhoneNumberIds().catch((e) => Promise.reject(explain(e, "waba")));
  if (!numbers.includes(phoneNumberId)) {
    throw new ConnectError("This phone number is not in that WhatsApp Business Account.", "phoneNumberId");
  }
  const other = await prisma().whatsAppAccount.findFirst({
    where: { phoneNumberId, NOT: { shopId: input.shopId } },
    select: { shopId: true },
  });
  if (other) throw new ConnectError("This phone number is already connected to another store.", "phoneNumberId");

  const sealed = encryptSecret(accessToken);
  const data = {
    phoneNumberId,
    wabaId,
    accessTokenEncrypted: sealed.ciphertext,
    keyId: sealed.keyId,
    ...nodeFields(phone, waba),
    status: "connected",
    statusReason: null,
    refreshedAt: new Date(),
  };
  const saved = await prisma().whatsAppAccount.upsert({
    where: { shopId: input.shopId },
    create: { shopId: input.shopId, ...data, connectedAt: new Date() },
    update: { ...data, connectedAt: new Date(), lastAccountEvent: null, lastAccountEventAt: null },
  });
  forgetClient(input.shopId);
  return toView(saved);
}

export async function disconnectWhatsApp(shopId: number): Promise<void> {
  // Templates stay (campaigns keep their history); a later connection re-syncs them.
  await prisma().whatsAppAccount.deleteMany({ where: { shopId } });
  forgetClient(shopId);
}

// ---- a client for jobs and the dispatcher ----------------------------------------------------------------------

export class NotConnectedError extends Error {
  override name = "NotConnectedError";
}

const clients = new Map<number, { ciphertext: string; client: WhatsAppClient }>();

function forgetClient(shopId: number) {
  clients.delete(shopId);
}

/**
 * The shop's client and its current account row (status included, so a caller sees a restriction at once).
 * The row is read every call (one primary-key lookup); the token is decrypted and the client built only when
 * the stored ciphertext changed, so a reconnect in another process is picked up immediately.
 */
export async function clientForShop(shopId: number): Promise<{ client: WhatsAppClient; account: WhatsAppAccount }> {
  const account = await prisma().whatsAppAccount.findUnique({ where: { shopId } });
  if (!account) {
    forgetClient(shopId);
    throw new NotConnectedError(`shop ${shopId} has no WhatsApp number connected`);
  }
  const cached = clients.get(shopId);
  if (cached && cached.ciphertext === account.accessTokenEncrypted) return { client: cached.client, account };
  const accessToken = decryptSecret({ keyId: account.keyId, ciphertext: account.accessTokenEncrypted });
  const client = createWhatsAppClient(
    { phoneNumberId: account.phoneNumberId, wabaId: account.wabaId, accessToken },
    clientOptions(),
  );
  clients.set(shopId, { ciphertext: account.accessTokenEncrypted, client });
  return { client, account };
}

/** Why sends from this shop must not start now (null = may send). */
export function sendingBlockedReason(account: Pick<WhatsAppAccount, "status" | "statusReason">): string | null {
  if (account.status === "connected") return null;
  return account.statusReason ?? `WhatsApp connection is ${account.status}`;
}

// ---- refresh ---------------------------------------------------------------------------------------------------

/**
 * Re-reads the number and WABA nodes. A stop-class error (token revoked, permissions gone) marks the
 * connection so the merchant sees it in Settings and campaigns stop; transient errors are thrown for a retry.
 */
export async function refreshAccount(shopId: number): Promise<AccountView | null> {
  let ctx: Awaited<ReturnType<typeof clientForShop>>;
  try {
    ctx = await clientForShop(shopId);
  } catch (err) {
    if (err instanceof NotConnectedError) return null;
    throw err;
  }
  try {
    const [phone, waba] = await Promise.all([ctx.client.getPhoneNumber(), ctx.client.getBusinessAccount()]);
    const saved = await prisma().whatsAppAccount.update({
      where: { shopId },
      data: {
        ...nodeFields(phone, waba),
        refreshedAt: new Date(),
        // A successful read clears an earlier token problem; a restriction from account_update stays.
        ...(ctx.account.status === "token_invalid" ? { status: "connected", statusReason: null } : {}),
      },
    });
    return toView(saved);
  } catch (err) {
    if (err instanceof WhatsAppApiError && err.policy.class === "stop") {
      await prisma().whatsAppAccount.update({
        where: { shopId },
        data: {
          status: "token_invalid",
          statusReason: `${err.policy.meaning} (Meta error ${err.code})`,
          refreshedAt: new Date(),
        },
      });
      forgetClient(shopId);
      return accountView(shopId);
    }
    throw err;
  }
}

/** Shops with a connection (for the periodic refresh). */
export async function connectedShopIds(): Promise<number[]> {
  const rows = await prisma().whatsAppAccount.findMany({ select: { shopId: true } });
  return rows.map((r) => r.shopId);
}

// ---- key rotation ------------------------------------------------------------------------------------------------

/**
 * Re-encrypts every stored token that is not under the current (first) ENCRYPTION_KEYS key. Each row is
 * swapped only if its ciphertext is still the one read (a reconnect in between wins). Returns counts only:
 * tokens are never printed.
 */
export async function reencryptTokens(
  opts: { shopIds?: number[] } = {},
): Promise<{ checked: number; reencrypted: number; failedShopIds: number[] }> {
  const current = currentKeyId();
  const rows = await prisma().whatsAppAccount.findMany({
    where: opts.shopIds ? { shopId: { in: opts.shopIds } } : {},
    select: { shopId: true, keyId: true, accessTokenEncrypted: true },
  });
  let reencrypted = 0;
  const failedShopIds: number[] = [];
  for (const r of rows) {
    if (r.keyId === current) continue;
    let token: string;
    try {
      token = decryptSecret({ keyId: r.keyId, ciphertext: r.accessTokenEncrypted });
    } catch (err) {
      // One unreadable row (its key already dropped) must not stop the others; the merchant reconnects.
      if (err instanceof DecryptionError) {
        failedShopIds.push(r.shopId);
        continue;
      }
      throw err;
    }
    const sealed = encryptSecret(token);
    const res = await prisma().whatsAppAccount.updateMany({
      where: { shopId: r.shopId, accessTokenEncrypted: r.accessTokenEncrypted },
      data: { accessTokenEncrypted: sealed.ciphertext, keyId: sealed.keyId },
    });
    reencrypted += res.count;
  }
  return { checked: rows.length, reencrypted, failedShopIds };
}
