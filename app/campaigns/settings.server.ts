// Reads and writes shops.settings.campaigns (other features keep their own keys).
import type pg from "pg";
import { pool } from "../db.server";
import { campaignSettingsSchema, DEFAULT_CAMPAIGN_SETTINGS, type CampaignSettings } from "./settings";

type Db = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export async function loadCampaignSettings(shopId: number, db: Db = pool()): Promise<CampaignSettings> {
  const { rows } = await db.query<{ value: unknown }>(
    `SELECT settings->'campaigns' AS value FROM shops WHERE id = $1`,
    [shopId],
  );
  const parsed = campaignSettingsSchema.safeParse(rows[0]?.value ?? {});
  return parsed.success ? parsed.data : DEFAULT_CAMPAIGN_SETTINGS;
}

export async function saveCampaignSettings(
  shopId: number,
  input: unknown,
): Promise<{ ok: true; settings: CampaignSettings } | { ok: false; errors: Record<string, string> }> {
  const parsed = campaignSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{campaigns}', $2::jsonb), updated_at = now() WHERE id = $1`,
    [shopId, JSON.stringify(parsed.data)],
  );
  return { ok: true, settings: parsed.data };
}
