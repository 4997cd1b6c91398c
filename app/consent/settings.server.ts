// Reads and writes the consent settings under shops.settings.consent (other features keep their own keys).
import type pg from "pg";
import { pool } from "../db.server";
import { consentSettingsSchema, DEFAULT_CONSENT_SETTINGS, type ConsentSettings } from "./settings";

type Db = pg.Pool | pg.PoolClient;

export async function loadConsentSettings(shopId: number, db: Db = pool()): Promise<ConsentSettings> {
  const { rows } = await db.query<{ consent: unknown }>(
    `SELECT settings->'consent' AS consent FROM shops WHERE id = $1`,
    [shopId],
  );
  const stored = rows[0]?.consent;
  if (!stored || typeof stored !== "object") return DEFAULT_CONSENT_SETTINGS;
  const parsed = consentSettingsSchema.safeParse(stored);
  // A stored value that no longer validates (schema grew stricter) falls back field by field to the defaults.
  return parsed.success
    ? parsed.data
    : { ...DEFAULT_CONSENT_SETTINGS, ...pickValid(stored as Record<string, unknown>) };
}

function pickValid(stored: Record<string, unknown>): Partial<ConsentSettings> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(consentSettingsSchema.shape)) {
    const r = (field as { safeParse: (v: unknown) => { success: boolean; data?: unknown } }).safeParse(stored[key]);
    if (r.success && stored[key] !== undefined) out[key] = r.data;
  }
  return out as Partial<ConsentSettings>;
}

/** Saves validated settings; returns what changed so callers can re-sync consent when the rules moved. */
export async function saveConsentSettings(
  shopId: number,
  settings: ConsentSettings,
): Promise<{ rulesChanged: boolean }> {
  const before = await loadConsentSettings(shopId);
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{consent}', $2::jsonb), updated_at = now() WHERE id = $1`,
    [shopId, JSON.stringify(settings)],
  );
  return {
    rulesChanged:
      before.optInTag !== settings.optInTag ||
      before.countShopifySmsConsent !== settings.countShopifySmsConsent ||
      before.countShopifyWhatsAppConsent !== settings.countShopifyWhatsAppConsent,
  };
}
