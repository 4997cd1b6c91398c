// Message templates: synced from the WABA (every status, so a paused or rejected one shows as such), kept
// current by template webhooks, with the merchant's default parameter mapping stored per template.
import type { WhatsAppTemplate } from "@prisma/client";
import { pool, prisma } from "../db.server";
import { clientForShop } from "./account.server";
import {
  asTemplateLike,
  mappingIssues,
  mappingSchema,
  suggestMapping,
  type MappingIssue,
  type TemplateMapping,
} from "./mapping";
import type { ApiTemplate, TemplateComponent } from "./types";

export { asTemplateLike };

export interface SyncResult {
  fetched: number;
  approved: number;
  /** templates we had that the WABA no longer lists (marked DELETED) */
  removed: number;
}

/** Pulls every template (all pages) and upserts them in one statement; ones gone from the WABA become DELETED. */
export async function syncTemplates(shopId: number): Promise<SyncResult> {
  const { client } = await clientForShop(shopId);
  const templates: ApiTemplate[] = await client.listTemplates({ limit: 100 });
  const rows = templates.map((t) => ({
    external_id: String(t.id),
    name: t.name,
    language: t.language,
    category: String(t.category ?? "MARKETING").toUpperCase(),
    status: String(t.status ?? "PENDING").toUpperCase(),
    quality_score: t.quality_score?.score ?? null,
    parameter_format: t.parameter_format ?? "POSITIONAL",
    components: t.components ?? [],
    rejected_reason: t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null,
  }));
  const client_ = await pool().connect();
  try {
    await client_.query("BEGIN");
    await client_.query(
      `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, quality_score, parameter_format, components, rejected_reason, synced_at)
       SELECT $1, r.external_id, r.name, r.language, r.category, r.status, r.quality_score, r.parameter_format, r.components, r.rejected_reason, now()
       FROM jsonb_to_recordset($2::jsonb) AS r(external_id text, name text, language text, category text, status text,
                                                quality_score text, parameter_format text, components jsonb, rejected_reason text)
       ON CONFLICT (shop_id, name, language) DO UPDATE SET
         external_id = excluded.external_id, category = excluded.category, status = excluded.status,
         quality_score = excluded.quality_score, parameter_format = excluded.parameter_format,
         components = excluded.components, rejected_reason = excluded.rejected_reason, synced_at = now()`,
      [shopId, JSON.stringify(rows)],
    );
    const removed = await client_.query(
      `UPDATE whatsapp_templates SET status = 'DELETED', synced_at = now()
       WHERE shop_id = $1 AND status <> 'DELETED'
         AND (name, language) NOT IN (SELECT r.name, r.language FROM jsonb_to_recordset($2::jsonb) AS r(name text, language text))`,
      [shopId, JSON.stringify(rows.map(({ name, language }) => ({ name, language })))],
    );
    await client_.query(`UPDATE whatsapp_accounts SET templates_synced_at = now() WHERE shop_id = $1`, [shopId]);
    await client_.query("COMMIT");
    return {
      fetched: rows.length,
      approved: rows.filter((r) => r.status === "APPROVED").length,
      removed: removed.rowCount ?? 0,
    };
  } catch (err) {
    await client_.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client_.release();
  }
}

// ---- webhook updates (field message_template_status_update / _quality_update / template_category_update) --------

export interface TemplateRef {
  externalId: string | null;
  name: string | null;
  language: string | null;
}

function matchSql(first: number): string {
  // Meta's id is the key; name + language is the fallback (and what identifies a template for sending).
  return `(external_id = $${first} OR (name = $${first + 1} AND language = $${first + 2}))`;
}

/** Applies a template change to the shops using that WABA. Returns how many rows matched (0 = unknown template). */
export async function applyTemplateChange(
  shopIds: number[],
  ref: TemplateRef,
  change: { status?: string; qualityScore?: string; category?: string; reason?: string | null },
): Promise<number> {
  const sets: string[] = [];
  const values: unknown[] = [shopIds, ref.externalId, ref.name, ref.language];
  const add = (col: string, v: unknown) => {
    values.push(v);
    sets.push(`${col} = $${values.length}`);
  };
  if (change.status) add("status", change.status.toUpperCase());
  if (change.qualityScore) add("quality_score", change.qualityScore.toUpperCase());
  if (change.category) add("category", change.category.toUpperCase());
  if (change.reason !== undefined)
    add("rejected_reason", change.reason && change.reason !== "NONE" ? change.reason : null);
  if (!sets.length) return 0;
  const res = await pool().query(
    `UPDATE whatsapp_templates SET ${sets.join(", ")}, synced_at = now() WHERE shop_id = ANY($1::int[]) AND ${matchSql(2)}`,
    values,
  );
  return res.rowCount ?? 0;
}

// ---- reading and the default mapping ----------------------------------------------------------------------------

export interface TemplateRow {
  id: number;
  externalId: string;
  name: string;
  language: string;
  category: string;
  status: string;
  qualityScore: string | null;
  parameterFormat: string;
  components: TemplateComponent[];
  rejectedReason: string | null;
  syncedAt: string;
  defaultMapping: TemplateMapping | null;
  mappingUpdatedAt: string | null;
}

export function toTemplateRow(t: WhatsAppTemplate): TemplateRow {
  const parsed = t.defaultMapping ? mappingSchema.safeParse(t.defaultMapping) : null;
  return {
    id: t.id,
    externalId: t.externalId,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    qualityScore: t.qualityScore,
    parameterFormat: t.parameterFormat,
    components: (Array.isArray(t.components) ? t.components : []) as unknown as TemplateComponent[],
    rejectedReason: t.rejectedReason,
    syncedAt: t.syncedAt.toISOString(),
    defaultMapping: parsed?.success ? (parsed.data as TemplateMapping) : null,
    mappingUpdatedAt: t.mappingUpdatedAt?.toISOString() ?? null,
  };
}

export async function listTemplates(shopId: number): Promise<TemplateRow[]> {
  const rows = await prisma().whatsAppTemplate.findMany({
    where: { shopId, NOT: { status: "DELETED" } },
    orderBy: [{ status: "asc" }, { name: "asc" }, { language: "asc" }],
  });
  return rows.map(toTemplateRow);
}

export async function getTemplate(shopId: number, id: number): Promise<TemplateRow | null> {
  const t = await prisma().whatsAppTemplate.findFirst({ where: { shopId, id } });
  return t ? toTemplateRow(t) : null;
}

/** The stored default mapping, or a suggestion for a template never mapped. */
export function mappingFor(t: TemplateRow): TemplateMapping {
  return t.defaultMapping ?? suggestMapping(asTemplateLike(t));
}

export type SaveMappingResult = { ok: true } | { ok: false; issues: MappingIssue[] };

export async function saveDefaultMapping(
  shopId: number,
  templateId: number,
  input: unknown,
): Promise<SaveMappingResult> {
  const t = await getTemplate(shopId, templateId);
  if (!t) return { ok: false, issues: [{ slot: "", message: "Template not found" }] };
  const parsed = mappingSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, issues: parsed.error.issues.map((i) => ({ slot: i.path.join("."), message: i.message })) };
  const mapping = parsed.data as TemplateMapping;
  const issues = mappingIssues(asTemplateLike(t), mapping);
  if (issues.length) return { ok: false, issues };
  await prisma().whatsAppTemplate.update({
    where: { id: t.id },
    data: { defaultMapping: mapping as object, mappingUpdatedAt: new Date() },
  });
  return { ok: true };
}
