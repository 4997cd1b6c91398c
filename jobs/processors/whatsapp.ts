// WhatsApp and consent jobs: thin wrappers over the domain modules, each idempotent.
import { UnrecoverableError } from "bullmq";
import { connectedShopIds, NotConnectedError, refreshAccount } from "../../app/whatsapp/account.server";
import { syncTemplates } from "../../app/whatsapp/templates.server";
import { WhatsAppApiError } from "../../app/whatsapp/errors";
import { sendConsentConfirmation } from "../../app/consent/reply.server";
import { writeBackOptOut } from "../../app/consent/writeback.server";
import { syncShopifyConsent } from "../../app/consent/shopify-sync.server";
import { enqueue, type JobPayload } from "../queues";

/** A permanent or stop-class Cloud API error will not go away by retrying the job. */
function classify(err: unknown): never {
  if (err instanceof NotConnectedError) throw new UnrecoverableError(err.message);
  if (err instanceof WhatsAppApiError && err.policy.class !== "retry")
    throw new UnrecoverableError(`${err.code}: ${err.policy.meaning}`);
  throw err;
}

export async function refreshWhatsAppAccount({ shopId }: JobPayload<"whatsapp.refresh-account">) {
  const view = await refreshAccount(shopId).catch(classify);
  return {
    status: view?.status ?? "not_connected",
    quality: view?.qualityRating ?? null,
    tier: view?.messagingLimitTier ?? null,
  };
}

export async function refreshAll() {
  const shops = await connectedShopIds();
  const bucket = Math.floor(Date.now() / 3_600_000);
  for (const shopId of shops)
    await enqueue("whatsapp.refresh-account", { shopId }, { jobId: `account-refresh-${shopId}-h${bucket}` });
  return { queued: shops.length };
}

export async function syncWhatsAppTemplates({ shopId }: JobPayload<"whatsapp.sync-templates">) {
  try {
    return await syncTemplates(shopId);
  } catch (err) {
    classify(err);
  }
}

export async function consentReply(p: JobPayload<"whatsapp.consent-reply">) {
  return { result: await sendConsentConfirmation(p) };
}

export async function writeBack(p: JobPayload<"consent.shopify-writeback">) {
  return { result: await writeBackOptOut(p) };
}

export async function consentSync(p: JobPayload<"consent.sync-shopify">) {
  return syncShopifyConsent({ shopId: p.shopId, full: p.full });
}

export async function consentSyncAll() {
  const shops = await connectedShopIds();
  const bucket = Math.floor(Date.now() / 600_000);
  for (const shopId of shops)
    await enqueue("consent.sync-shopify", { shopId }, { jobId: `consent-sync-${shopId}-t${bucket}` });
  return { queued: shops.length };
}
