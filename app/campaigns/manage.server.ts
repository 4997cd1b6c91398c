// Creating, editing and scheduling campaigns. A campaign can be edited while it is a draft or scheduled; saving a
// scheduled campaign with another time replaces its start job, going back to draft removes it.
import type pg from "pg";
import { pool, withTransaction } from "../db.server";
import { asTemplateLike, mappingIssues, type TemplateMapping } from "../whatsapp/mapping";
import type { TemplateComponent } from "../whatsapp/types";
import { campaignFormSchema, fieldErrors, pastTimeMessage, type CampaignForm, type FieldErrors } from "./form";
import { bookStart, unbookStart } from "./schedule.server";
import { EDITABLE } from "./labels";
import { readShopFormat } from "../shops/format.server";

export { EDITABLE };

export type SaveResult =
  | { ok: true; campaignId: number; status: string; scheduledAt: string | null; warning?: string }
  | { ok: false; errors: FieldErrors };

/** Templates a campaign may use: APPROVED, MARKETING or UTILITY. */
export async function sendableTemplates(shopId: number) {
  const { rows } = await pool().query<{
    id: number;
    name: string;
    language: string;
    category: string;
    status: string;
    parameter_format: string;
    components: TemplateComponent[];
    default_mapping: TemplateMapping | null;
  }>(
    `SELECT id, name, language, category, status, parameter_format, components, default_mapping FROM whatsapp_templates
     WHERE shop_id = $1 AND status = 'APPROVED' AND upper(category) IN ('MARKETING', 'UTILITY') ORDER BY name, language`,
    [shopId],
  );
  return rows;
}

async function validateReferences(
  shopId: number,
  form: CampaignForm,
  db: Pick<pg.PoolClient, "query">,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const t = await db.query<{
    name: string;
    language: string;
    category: string;
    status: string;
    parameter_format: string;
    components: TemplateComponent[];
  }>(
    `SELECT name, language, category, status, parameter_format, components FROM whatsapp_templates WHERE shop_id = $1 AND id = $2`,
    [shopId, form.templateId],
  );
  const template = t.rows[0];
  if (!template) errors.templateId = "Choose a template";
  else if (template.status !== "APPROVED")
    errors.templateId = `${template.name} is ${template.status.toLowerCase()} at Meta: only approved templates can be sent`;
  else if (!["MARKETING", "UTILITY"].includes(template.category.toUpperCase()))
    errors.templateId = `${template.name} is an ${template.category.toLowerCase()} template: campaigns send marketing or utility templates`;
  else {
    const issues = mappingIssues(
      asTemplateLike({
        name: template.name,
        language: template.language,
        parameterFormat: template.parameter_format,
        components: template.components,
      }),
      form.mapping as TemplateMapping,
    );
    if (issues.length) errors.mapping = issues.map((i) => i.message).join("; ");
  }
  const ids = form.segments.map((s) => s.segmentId);
  const s = await db.query<{ id: number }>(
    `SELECT id FROM segments WHERE shop_id = $1 AND id = ANY($2::int[]) AND deleted_at IS NULL`,
    [shopId, ids],
  );
  if (s.rows.length !== ids.length) errors.segments = "A chosen segment no longer exists";
  return errors;
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
/** A minute's grace: the time the merchant picked may pass while they read the plan. */
const PAST_TOLERANCE_MS = 60_000;

/** The shop-local "YYYY-MM-DDTHH:mm" as an instant (PostgreSQL's tz database, DST-aware). */
async function localToInstant(db: Pick<pg.PoolClient, "query">, local: string, timeZone: string): Promise<Date> {
  const { rows } = await db.query<{ at: Date }>(`SELECT ($1::timestamp AT TIME ZONE $2) AS at`, [local, timeZone]);
  return rows[0]!.at;
}

/**
 * Create (campaignId undefined) or update a draft/scheduled campaign from the form. `when` decides the status:
 * draft keeps it a draft (a scheduled campaign goes back to draft), now/later schedule it.
 */
export async function saveCampaign(opts: {
  shopId: number;
  campaignId?: number;
  input: unknown;
  now?: Date;
}): Promise<SaveResult> {
  const parsed = campaignFormSchema.safeParse(opts.input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;
  const now = opts.now ?? new Date();
  const tx = await withTransaction<SaveResult & { previous?: { status: string; scheduledAt: Date | null } }>(
    async (db) => {
      const errors = await validateReferences(opts.shopId, form, db);
      if (Object.keys(errors).length) return { ok: false, errors };
      const { timeZone } = await readShopFormat(opts.shopId, db);
      let scheduledAt: Date | null = null;
      if (form.when === "now") scheduledAt = now;
      if (form.when === "later") {
        scheduledAt = await localToInstant(db, form.scheduledLocal!, timeZone);
        if (scheduledAt.getTime() < now.getTime() - PAST_TOLERANCE_MS)
          return { ok: false, errors: { scheduledLocal: pastTimeMessage(timeZone) } };
      }
      // A draft keeps the send time the merchant chose (a plan only, no job booked), so the form shows it again
      // instead of falling back to "Send now"; a time that has passed by then is refused when scheduling.
      const plannedAt =
        form.when === "draft" && form.scheduledLocal && LOCAL_TIME.test(form.scheduledLocal)
          ? await localToInstant(db, form.scheduledLocal, timeZone)
          : null;
      if (scheduledAt) {
        // Scheduling needs a number to send from (a draft does not): the plan says so too.
        const account = await db.query<{ status: string; status_reason: string | null }>(
          `SELECT status, status_reason FROM whatsapp_accounts WHERE shop_id = $1`,
          [opts.shopId],
        );
        const a = account.rows[0];
        if (!a)
          return {
            ok: false,
            errors: { form: "Connect your WhatsApp number in Settings before scheduling a campaign." },
          };
        if (a.status !== "connected")
          return {
            ok: false,
            errors: {
              form: `Your WhatsApp connection cannot send right now (${a.status_reason ?? a.status.replace(/_/g, " ")}). Fix it in Settings first.`,
            },
          };
      }
      let previous: { status: string; scheduledAt: Date | null } | undefined;
      if (opts.campaignId !== undefined) {
        const cur = await db.query<{ status: string; scheduled_at: Date | null }>(
          `SELECT status, scheduled_at FROM campaigns WHERE shop_id = $1 AND id = $2 FOR UPDATE`,
          [opts.shopId, opts.campaignId],
        );
        if (!cur.rows[0]) return { ok: false, errors: { form: "Campaign not found" } };
        if (!EDITABLE.includes(cur.rows[0].status))
          return {
            ok: false,
            errors: { form: `A ${cur.rows[0].status.replace("_", " ")} campaign can no longer be edited` },
          };
        previous = { status: cur.rows[0].status, scheduledAt: cur.rows[0].scheduled_at };
      }
      const status = scheduledAt ? "scheduled" : "draft";
      const values = [
        opts.shopId,
        form.name,
        status,
        form.templateId,
        JSON.stringify(form.mapping),
        scheduledAt ?? plannedAt,
        form.testPercent / 100,
        form.testWaitMinutes,
        form.rolloutMinDeliveryPercent / 100,
        form.rolloutMaxOptOutPercent / 100,
        (form.segments[0]?.holdoutPercent ?? 0) / 100,
        form.quietHours ? form.quietStart : null,
        form.quietHours ? form.quietEnd : null,
        form.discountCodes,
        form.rolloutMinReplyPercent === null ? null : form.rolloutMinReplyPercent / 100,
        form.rolloutMinClickPercent === null ? null : form.rolloutMinClickPercent / 100,
      ];
      let id: number;
      if (opts.campaignId === undefined) {
        const ins = await db.query<{ id: number }>(
          `INSERT INTO campaigns (shop_id, name, status, template_id, mapping, scheduled_at, test_share, test_wait_minutes,
           rollout_min_delivery_rate, rollout_max_opt_out_rate, holdout_share, quiet_hours_start, quiet_hours_end, discount_codes,
           rollout_min_reply_rate, rollout_min_click_rate, updated_at)
         VALUES ($1, $2, $3::"CampaignStatus", $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14::text[], $15, $16, now()) RETURNING id`,
          values,
        );
        id = ins.rows[0]!.id;
      } else {
        id = opts.campaignId;
        await db.query(
          `UPDATE campaigns SET name = $2, status = $3::"CampaignStatus", template_id = $4, mapping = $5::jsonb, scheduled_at = $6, test_share = $7,
           test_wait_minutes = $8, rollout_min_delivery_rate = $9, rollout_max_opt_out_rate = $10, holdout_share = $11,
           quiet_hours_start = $12, quiet_hours_end = $13, discount_codes = $14::text[], rollout_min_reply_rate = $15,
           rollout_min_click_rate = $16, updated_at = now()
         WHERE shop_id = $1 AND id = $17`,
          [...values, id],
        );
        await db.query(`DELETE FROM campaign_segments WHERE shop_id = $1 AND campaign_id = $2`, [opts.shopId, id]);
      }
      await db.query(
        `INSERT INTO campaign_segments (campaign_id, segment_id, shop_id, position, holdout_share)
       SELECT $2, s.segment_id, $1, s.ord - 1, s.share FROM unnest($3::int[], $4::float8[]) WITH ORDINALITY AS s(segment_id, share, ord)`,
        [opts.shopId, id, form.segments.map((s) => s.segmentId), form.segments.map((s) => s.holdoutPercent / 100)],
      );
      return { ok: true, campaignId: id, status, scheduledAt: scheduledAt?.toISOString() ?? null, previous };
    },
  );
  if (!tx.ok) return tx;
  const { previous, ...result } = tx;
  // Jobs after the commit: the database decides, Redis follows (the reconciler repairs a failed booking).
  const newAt = result.scheduledAt ? new Date(result.scheduledAt) : null;
  // A draft never has a start job, even when it keeps its planned time.
  if (previous?.scheduledAt && previous.status === "scheduled" && previous.scheduledAt.getTime() !== newAt?.getTime()) {
    await unbookStart(result.campaignId, previous.scheduledAt);
  }
  if (newAt) {
    try {
      await bookStart(opts.shopId, result.campaignId, newAt, now);
    } catch {
      return {
        ...result,
        warning:
          "Scheduled. The job queue is unavailable right now; the campaign will be queued automatically within a minute.",
      };
    }
  }
  return result;
}

export interface CampaignDetail {
  id: number;
  name: string;
  status: string;
  templateId: number | null;
  templateName: string | null;
  templateCategory: string | null;
  mapping: unknown;
  scheduledAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  testShare: number;
  testWaitMinutes: number;
  rolloutMinDeliveryRate: number;
  rolloutMaxOptOutRate: number;
  /** null = not part of the rollout rule */
  rolloutMinReplyRate: number | null;
  rolloutMinClickRate: number | null;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  pausedReason: string | null;
  discountCodes: string[];
  segments: Array<{ segmentId: number; name: string; holdoutShare: number; deleted: boolean }>;
}

export async function getCampaign(shopId: number, campaignId: number): Promise<CampaignDetail | null> {
  const { rows } = await pool().query(
    `SELECT c.*, t.name AS template_name, t.category AS template_category FROM campaigns c
     LEFT JOIN whatsapp_templates t ON t.shop_id = c.shop_id AND t.id = c.template_id
     WHERE c.shop_id = $1 AND c.id = $2`,
    [shopId, campaignId],
  );
  const c = rows[0];
  if (!c) return null;
  const segs = await pool().query<{
    segment_id: number;
    name: string | null;
    holdout_share: number | null;
    deleted: boolean;
  }>(
    `SELECT cs.segment_id, g.name, cs.holdout_share, (g.id IS NULL OR g.deleted_at IS NOT NULL) AS deleted
     FROM campaign_segments cs LEFT JOIN segments g ON g.shop_id = cs.shop_id AND g.id = cs.segment_id
     WHERE cs.shop_id = $1 AND cs.campaign_id = $2 ORDER BY cs.position, cs.segment_id`,
    [shopId, campaignId],
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    templateId: c.template_id,
    templateName: c.template_name,
    templateCategory: c.template_category,
    mapping: c.mapping,
    scheduledAt: iso(c.scheduled_at),
    startedAt: iso(c.started_at),
    completedAt: iso(c.completed_at),
    testShare: c.test_share,
    testWaitMinutes: c.test_wait_minutes,
    rolloutMinDeliveryRate: c.rollout_min_delivery_rate,
    rolloutMaxOptOutRate: c.rollout_max_opt_out_rate,
    rolloutMinReplyRate: c.rollout_min_reply_rate ?? null,
    rolloutMinClickRate: c.rollout_min_click_rate ?? null,
    quietHoursStart: c.quiet_hours_start,
    quietHoursEnd: c.quiet_hours_end,
    pausedReason: c.paused_reason,
    discountCodes: c.discount_codes ?? [],
    segments: segs.rows.map((s) => ({
      segmentId: s.segment_id,
      name: s.name ?? `Segment ${s.segment_id}`,
      holdoutShare: s.holdout_share ?? c.holdout_share,
      deleted: s.deleted,
    })),
  };
}

/** Segments a campaign can target (live ones), with their member counts. */
export async function segmentChoices(shopId: number) {
  const { rows } = await pool().query<{ id: number; name: string; member_count: number }>(
    `SELECT id, name, member_count FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY name`,
    [shopId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, members: Number(r.member_count) }));
}
