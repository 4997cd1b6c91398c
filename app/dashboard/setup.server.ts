// The Dashboard's setup checklist: the five steps from install to a first campaign that reaches someone, each
// with its state read from the database and the page where it is done. "Can receive a campaign" is the consent
// gate's own count (canReceiveCampaigns), the figure the Contacts page shows, so the two pages cannot disagree.
// That count reads every customer (seconds on a 200k store), so it streams in after the page (consentStep); the
// other steps are cheap and decide at once whether the checklist shows, so it never appears or vanishes late.
import { pool } from "../db.server";
import { canReceiveCampaigns } from "../consent/gate.server";
import { sendableTemplates } from "../campaigns/manage.server";
import { asTemplateLike, mappingState } from "../whatsapp/mapping";
import { n, type SetupStep } from "./setup";

export interface SetupChecklist {
  /** the consent step is `null` here: it comes from the streamed count (consentStep) */
  steps: Array<SetupStep | null>;
  /** a campaign has reached someone: the last step, which also proves consent was collected */
  reached: boolean;
  complete: boolean;
}

export { canReceiveCampaigns };

export async function setupChecklist(shopId: number): Promise<SetupChecklist> {
  const [templates, facts] = await Promise.all([
    sendableTemplates(shopId),
    pool().query<{
      account_status: string | null;
      account_reason: string | null;
      segments: number;
      campaigns_started: number;
      reached: boolean;
      draft_id: number | null;
      draft_name: string | null;
    }>(
      `SELECT (SELECT status FROM whatsapp_accounts WHERE shop_id = $1) AS account_status,
              (SELECT status_reason FROM whatsapp_accounts WHERE shop_id = $1) AS account_reason,
              (SELECT count(*) FROM segments WHERE shop_id = $1 AND deleted_at IS NULL)::int AS segments,
              (SELECT count(*) FROM campaigns WHERE shop_id = $1 AND started_at IS NOT NULL)::int AS campaigns_started,
              EXISTS (SELECT 1 FROM recipients WHERE shop_id = $1 AND sent_at IS NOT NULL AND "group" <> 'holdout') AS reached,
              d.id AS draft_id, d.name AS draft_name
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT id, name FROM campaigns WHERE shop_id = $1 AND status IN ('draft', 'scheduled')
                          ORDER BY updated_at DESC LIMIT 1) d ON true`,
      [shopId],
    ),
  ]);
  const f = facts.rows[0]!;
  // A template is ready when every variable has a value or a fallback (or it has none): a campaign can use it as is.
  const ready = templates.filter((t) => {
    const like = asTemplateLike({
      name: t.name,
      language: t.language,
      parameterFormat: t.parameter_format,
      components: t.components,
    });
    // The Templates list and the template page read the same state (app/whatsapp/mapping-check.ts).
    const state = mappingState(like, t.default_mapping);
    return state === "none" || state === "saved";
  });
  const connected = f.account_status === "connected";
  const steps: Array<SetupStep | null> = [
    {
      key: "number",
      title: "Connect your WhatsApp number",
      done: connected,
      detail: connected
        ? "Connected: campaigns send from it."
        : f.account_status
          ? `Connected but cannot send (${f.account_reason ?? f.account_status.replace(/_/g, " ")}).`
          : "No WhatsApp Business number connected yet.",
      action: { content: connected ? "WhatsApp settings" : "Connect", url: "/app/settings/whatsapp" },
    },
    null, // consent: built in the browser from the streamed count (consentStep)
    {
      key: "template",
      title: "Map an approved template",
      done: ready.length > 0,
      detail:
        ready.length > 0
          ? `${n(ready.length)} approved template${ready.length === 1 ? "" : "s"} ready to send.`
          : templates.length > 0
            ? `${n(templates.length)} approved, none with every variable mapped yet.`
            : "No approved marketing template yet: create one in WhatsApp Manager, then sync.",
      action: { content: "Templates", url: "/app/templates" },
    },
    {
      key: "segment",
      title: "Create a first segment",
      done: f.segments > 0,
      detail: f.segments > 0 ? `${n(f.segments)} segment${f.segments === 1 ? "" : "s"}.` : "No segment yet.",
      action:
        f.segments > 0
          ? { content: "Segments", url: "/app/segments" }
          : { content: "Create segment", url: "/app/segments/new" },
    },
    {
      key: "campaign",
      title: "Send a first campaign",
      done: f.reached,
      detail: f.reached
        ? "Sent: its report is on the Campaigns page."
        : f.campaigns_started > 0
          ? "Started, but no message has gone out yet."
          : f.draft_id
            ? `"${f.draft_name}" is ready to review and send.`
            : "No campaign yet.",
      action:
        !f.reached && f.draft_id
          ? { content: "Review and send", url: `/app/campaigns/${f.draft_id}/edit` }
          : {
              content: f.reached ? "Campaigns" : "Create campaign",
              url: f.reached ? "/app/campaigns" : "/app/campaigns/new",
            },
    },
  ];
  // A campaign that reached someone proves consent was collected, so completeness never waits for the count.
  return { steps, reached: f.reached, complete: f.reached && steps.every((s) => s === null || s.done) };
}
