// Template status/quality/category changes update the synced templates (unknown ones trigger a re-sync);
// phone_number_quality_update, business_capability_update and account_update refresh the connection.
import { pool } from "../../db.server";
import { enqueue } from "../../../jobs/queues";
import { applyTemplateChange } from "../templates.server";
import type { ChangeValue } from "../types";
import { type AccountRef } from "./accounts.server";

function str(v: unknown): string | null {
  return v === null || v === undefined || v === "" ? null : String(v);
}

const TIER_BY_LIMIT: Record<string, string> = {
  "250": "TIER_250",
  "2000": "TIER_2K",
  "10000": "TIER_10K",
  "100000": "TIER_100K",
  "-1": "TIER_UNLIMITED",
};

/** business_capability_update gives TIER_* strings or the older integers (-1 = unlimited). */
export function tierFrom(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value);
  if (/^TIER_[A-Z0-9]+$/.test(s)) return s;
  return TIER_BY_LIMIT[s] ?? null;
}

async function queueTemplateSync(shopIds: number[]) {
  for (const shopId of shopIds) {
    // One sync per shop per minute however many template webhooks arrive.
    await enqueue(
      "whatsapp.sync-templates",
      { shopId },
      { jobId: `template-sync-${shopId}-${Math.floor(Date.now() / 60_000)}` },
    );
  }
}

async function queueAccountRefresh(shopIds: number[]) {
  for (const shopId of shopIds) {
    await enqueue(
      "whatsapp.refresh-account",
      { shopId },
      { jobId: `account-refresh-${shopId}-${Math.floor(Date.now() / 60_000)}` },
    );
  }
}

export async function applyTemplateField(accounts: AccountRef[], field: string, v: ChangeValue): Promise<number> {
  const shopIds = [...new Set(accounts.map((a) => a.shopId))];
  const ref = {
    externalId: str(v.message_template_id),
    name: str(v.message_template_name),
    language: str(v.message_template_language),
  };
  let matched = 0;
  if (field === "message_template_status_update") {
    matched = await applyTemplateChange(shopIds, ref, { status: str(v.event) ?? undefined, reason: str(v.reason) });
  } else if (field === "message_template_quality_update") {
    matched = await applyTemplateChange(shopIds, ref, { qualityScore: str(v.new_quality_score) ?? undefined });
  } else if (field === "template_category_update") {
    matched = await applyTemplateChange(shopIds, ref, { category: str(v.new_category) ?? undefined });
  }
  // A template we do not have yet (new, or created since the last sync): fetch it with its components.
  if (matched < shopIds.length) await queueTemplateSync(shopIds);
  return matched;
}

const RESTRICTING = new Set(["ACCOUNT_VIOLATION", "ACCOUNT_DELETED", "DISABLED_UPDATE"]);

export async function applyAccountField(
  accounts: AccountRef[],
  field: string,
  v: ChangeValue,
  at: Date,
): Promise<number> {
  if (!accounts.length) return 0;
  const shopIds = [...new Set(accounts.map((a) => a.shopId))];
  if (field === "business_capability_update") {
    const tier = tierFrom(v.max_daily_conversations_per_business) ?? tierFrom(v.max_daily_conversation_per_phone);
    if (!tier) return 0;
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET messaging_limit_tier = $2, last_account_event = $3, last_account_event_at = $4 WHERE shop_id = ANY($1::int[])`,
      [shopIds, tier, `MESSAGING_LIMIT ${tier}`, at],
    );
    return res.rowCount ?? 0;
  }
  if (field === "phone_number_quality_update") {
    // Names the number by its display number only; the quality rating itself is read back from the API.
    const display = String(v.display_phone_number ?? "").replace(/\D/g, "");
    const targets = accounts.filter((a) => !display || (a.displayPhoneNumber ?? "").replace(/\D/g, "") === display);
    if (!targets.length) return 0;
    const tier = tierFrom(v.max_daily_conversations_per_business) ?? tierFrom(v.current_limit);
    const event = str(v.event) ?? "QUALITY_UPDATE";
    const ids = [...new Set(targets.map((a) => a.shopId))];
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET messaging_limit_tier = coalesce($2, messaging_limit_tier), last_account_event = $3, last_account_event_at = $4,
              throughput_level = CASE WHEN $3 = 'THROUGHPUT_UPGRADE' THEN 'HIGH' ELSE throughput_level END,
              throughput_mps = CASE WHEN $3 = 'THROUGHPUT_UPGRADE' THEN 1000 ELSE throughput_mps END
       WHERE shop_id = ANY($1::int[])`,
      [ids, tier, event, at],
    );
    await queueAccountRefresh(ids);
    return res.rowCount ?? 0;
  }
  if (field === "account_update") {
    const event = str(v.event) ?? "ACCOUNT_UPDATE";
    const violation = (v.violation_info as { violation_type?: string } | undefined)?.violation_type;
    const ban = (v.ban_info as { waba_ban_state?: string } | undefined)?.waba_ban_state;
    const label = [event, violation, ban].filter(Boolean).join(" ");
    const restricts = RESTRICTING.has(event) && ban !== "REINSTATE";
    const reinstated = event === "DISABLED_UPDATE" && ban === "REINSTATE";
    const res = await pool().query(
      `UPDATE whatsapp_accounts SET last_account_event = $2, last_account_event_at = $3,
              status = CASE WHEN $4 THEN 'restricted' WHEN $5 AND status = 'restricted' THEN 'connected' ELSE status END,
              status_reason = CASE WHEN $4 THEN $6 WHEN $5 AND status = 'restricted' THEN NULL ELSE status_reason END
       WHERE shop_id = ANY($1::int[])`,
      [shopIds, label, at, restricts, reinstated, `Meta reported ${label}: sending is stopped until Meta lifts it.`],
    );
    return res.rowCount ?? 0;
  }
  return 0;
}
