// Preflight: why this campaign must not send now (merchant-readable), checked before every batch.
import { pool } from "../../db.server";
import { sendingBlockedReason } from "../../whatsapp/account.server";

/** Why this campaign must not send now (merchant-readable), checked before every batch; null = go. */
export async function preflight(
  shopId: number,
  campaignId: number,
): Promise<{ status: string; blocked: string | null; phase: "testing" | "running" | null }> {
  const { rows } = await pool().query<{
    status: string;
    t_status: string | null;
    t_name: string | null;
    a_status: string | null;
    a_reason: string | null;
    quality: string | null;
  }>(
    `SELECT c.status::text, t.status AS t_status, t.name AS t_name, a.status AS a_status, a.status_reason AS a_reason, a.quality_rating AS quality
     FROM campaigns c
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     LEFT JOIN whatsapp_accounts a ON a.shop_id = c.shop_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  const r = rows[0];
  if (!r) return { status: "missing", blocked: null, phase: null };
  const phase = r.status === "testing" || r.status === "running" ? r.status : null;
  if (!phase) return { status: r.status, blocked: null, phase };
  let blocked: string | null = null;
  if (!r.a_status) blocked = "WhatsApp is not connected: connect a number in Settings, then resume.";
  else if (sendingBlockedReason({ status: r.a_status, statusReason: r.a_reason })) {
    blocked = `WhatsApp connection problem: ${sendingBlockedReason({ status: r.a_status, statusReason: r.a_reason })}. Resume once it is fixed.`;
  } else if ((r.quality ?? "").toUpperCase() === "RED") {
    blocked =
      "Paused because your number's quality rating is Low (red): customers blocked or reported recent messages. Sending more now risks a messaging limit cut or a ban. Resume when the rating recovers, or send to a more engaged segment.";
  } else if (!r.t_status) blocked = "The campaign has no template (it was deleted): choose an approved template.";
  else if (r.t_status === "PAUSED")
    blocked = `Meta paused the template "${r.t_name}" for low quality. Resume when it is active again, or switch template.`;
  else if (r.t_status === "DISABLED")
    blocked = `Meta disabled the template "${r.t_name}" for low quality. Choose another approved template.`;
  else if (r.t_status !== "APPROVED")
    blocked = `The template "${r.t_name}" is ${r.t_status}, not approved: only approved templates can be sent.`;
  return { status: r.status, blocked, phase };
}
