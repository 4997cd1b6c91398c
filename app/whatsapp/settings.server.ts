// What the Settings page's WhatsApp and consent cards show, and their actions (connect, disconnect, refresh,
// template sync, consent settings). Called from app/routes/app.settings.tsx (loader) and
// app/routes/app.settings.whatsapp.tsx (action).
import { z } from "zod";
import { getEnv, isDemoMode } from "../env.server";
import { prisma } from "../db.server";
import { enqueue } from "../../jobs/queues";
import { consentSettingsSchema, type ConsentSettings } from "../consent/settings";
import { loadConsentSettings, saveConsentSettings } from "../consent/settings.server";
import { resetConsentSyncWatermark } from "../consent/shopify-sync.server";
import {
  accountView,
  ConnectError,
  connectWhatsApp,
  disconnectWhatsApp,
  refreshAccount,
  type AccountView,
} from "./account.server";
import { WhatsAppApiError } from "./errors";
import { syncTemplates } from "./templates.server";

export interface WhatsAppSettingsData {
  account: AccountView | null;
  consent: ConsentSettings;
  templates: { total: number; approved: number };
  /** demo mode only: the local simulator's credentials, prefilled in the form */
  demoCredentials: { phoneNumberId: string; wabaId: string; accessToken: string } | null;
  /** where Meta must post (Meta app dashboard → WhatsApp → Configuration) */
  webhookUrl: string;
}

function demoCredentials(): WhatsAppSettingsData["demoCredentials"] {
  const env = getEnv();
  return { phoneNumberId: env.WA_SIM_PHONE_NUMBER_ID, wabaId: env.WA_SIM_WABA_ID, accessToken: env.WA_SIM_TOKEN };
}

export async function loadWhatsAppSettings(shopId: number): Promise<WhatsAppSettingsData> {
  const [account, consent, counts] = await Promise.all([
    accountView(shopId),
    loadConsentSettings(shopId),
    prisma().whatsAppTemplate.groupBy({ by: ["status"], where: { shopId, NOT: { status: "DELETED" } }, _count: true }),
  ]);
  return {
    account,
    consent,
    templates: {
      total: counts.reduce((n, c) => n + c._count, 0),
      approved: counts.find((c) => c.status === "APPROVED")?._count ?? 0,
    },
    demoCredentials: isDemoMode() ? demoCredentials() : null,
    webhookUrl: `${getEnv().SHOPIFY_APP_URL.replace(/\/+$/, "")}/webhooks/whatsapp`,
  };
}

export type SettingsActionResult =
  | { ok: true; intent: string; message: string }
  | { ok: false; intent: string; error: string; field?: string; fieldErrors?: Record<string, string> };

const connectSchema = z.object({
  phoneNumberId: z.string().default(""),
  wabaId: z.string().default(""),
  accessToken: z.string().default(""),
});

export async function whatsappSettingsAction(shopId: number, form: FormData): Promise<SettingsActionResult> {
  const intent = String(form.get("intent") ?? "");
  const data = Object.fromEntries(form);
  try {
    switch (intent) {
      case "connect": {
        const input = connectSchema.parse(data);
        const view = await connectWhatsApp({ shopId, ...input });
        let synced = "";
        try {
          const r = await syncTemplates(shopId);
          synced = ` ${r.approved} approved template${r.approved === 1 ? "" : "s"} synced.`;
        } catch (err) {
          synced = ` Templates will sync shortly (${(err as Error).message}).`;
          await enqueue(
            "whatsapp.sync-templates",
            { shopId },
            { jobId: `template-sync-${shopId}-connect-${Date.now()}` },
          ).catch(() => {});
        }
        await enqueue(
          "consent.sync-shopify",
          { shopId, full: true },
          { jobId: `consent-sync-${shopId}-connect-${Date.now()}` },
        ).catch(() => {});
        return {
          ok: true,
          intent,
          message: `Connected ${view.verifiedName ?? view.displayPhoneNumber ?? "your number"}.${synced}`,
        };
      }
      case "disconnect":
        await disconnectWhatsApp(shopId);
        return { ok: true, intent, message: "WhatsApp disconnected. Your templates and consent records are kept." };
      case "refresh": {
        const view = await refreshAccount(shopId);
        if (!view) return { ok: false, intent, error: "No WhatsApp number is connected." };
        return view.status === "connected"
          ? { ok: true, intent, message: "Connection details refreshed." }
          : { ok: false, intent, error: view.statusReason ?? `Connection is ${view.status}` };
      }
      case "sync-templates": {
        const r = await syncTemplates(shopId);
        return {
          ok: true,
          intent,
          message: `${r.fetched} template${r.fetched === 1 ? "" : "s"} synced, ${r.approved} approved.`,
        };
      }
      case "consent-settings": {
        const parsed = consentSettingsSchema.safeParse(data);
        if (!parsed.success) {
          const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
          return { ok: false, intent, error: "Check the highlighted fields.", fieldErrors };
        }
        const { rulesChanged } = await saveConsentSettings(shopId, parsed.data);
        if (rulesChanged) {
          // The tag or SMS rule moved: re-read every customer so the audit trail reflects the new rule.
          await resetConsentSyncWatermark(shopId);
          await enqueue(
            "consent.sync-shopify",
            { shopId, full: true },
            { jobId: `consent-sync-${shopId}-settings-${Date.now()}` },
          ).catch(() => {});
        }
        return { ok: true, intent, message: "Consent settings saved." };
      }
      default:
        return { ok: false, intent, error: "Unknown action" };
    }
  } catch (err) {
    if (err instanceof ConnectError) return { ok: false, intent, error: err.message, field: err.field };
    if (err instanceof WhatsAppApiError)
      return { ok: false, intent, error: `WhatsApp answered: ${err.policy.meaning}` };
    throw err;
  }
}
