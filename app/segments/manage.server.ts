// Creating, editing and deleting segments from the builder. Everything is validated before anything is written:
// invalid input returns field errors (the route answers 400) and saves nothing. A saved definition records a refresh
// request and queues the full refresh (schedule.server.ts); the segment shows as "refreshing" until it has run.
import { pool, withTransaction } from "../db.server";
import { isSegmentKind, segmentDependencies, type SegmentKind, type SegmentParams } from "./definitions";
import { parseBuilderForm } from "./builder-form";
import { checkSegmentReferences } from "./references.server";
import { queueSegmentRefresh } from "./schedule.server";
import { paramsKey } from "./statement.server";
import { readShopFormat } from "../shops/format.server";

export const NAME_MAX = 100;

export type SaveResult =
  { ok: true; ids: number[] } | { ok: false; status: 400 | 404; fieldErrors: Record<string, string> };

export interface SaveSegmentInput {
  shopId: number;
  /** the segment being edited; omit to create */
  segmentId?: number;
  name: unknown;
  /** ignored when editing: a segment keeps its kind */
  kind?: unknown;
  /** the builder's form (builder-form.ts) */
  form: unknown;
  /** AOV tiers by store quantiles, new segments only: create the low, mid and high segments together */
  allBands?: boolean;
}

const BAND_LABEL = { low: "low", mid: "mid", high: "high" } as const;

interface Draft {
  name: string;
  kind: SegmentKind;
  params: SegmentParams;
}

function validName(raw: unknown): { name: string } | { error: string } {
  const name = typeof raw === "string" ? raw.trim().replace(/\s+/g, " ") : "";
  if (!name) return { error: "Give the segment a name" };
  if (name.length > NAME_MAX) return { error: `Keep the name under ${NAME_MAX} characters` };
  return { name };
}

/** Names already used by another live segment of the shop (names are how merchants pick audiences). */
async function takenNames(shopId: number, names: string[], exceptId?: number): Promise<string[]> {
  const { rows } = await pool().query<{ name: string }>(
    `SELECT name FROM segments WHERE shop_id = $1 AND deleted_at IS NULL AND lower(name) = ANY($2::text[]) AND ($3::int IS NULL OR id <> $3)`,
    [shopId, names.map((n) => n.toLowerCase()), exceptId ?? null],
  );
  return rows.map((r) => r.name);
}

/** Validates and saves; returns the ids written (three for an AOV tier set) or field errors. */
export async function saveSegment(input: SaveSegmentInput): Promise<SaveResult> {
  const errors: Record<string, string> = {};
  let existing: { kind: SegmentKind; params: unknown } | null = null;
  if (input.segmentId !== undefined) {
    const { rows } = await pool().query<{ kind: string; params: unknown }>(
      `SELECT kind::text AS kind, params FROM segments WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL`,
      [input.segmentId, input.shopId],
    );
    const row = rows[0];
    if (!row || !isSegmentKind(row.kind))
      return { ok: false, status: 404, fieldErrors: { form: "This segment no longer exists" } };
    existing = { kind: row.kind, params: row.params };
  }
  const kind = existing?.kind ?? input.kind;
  if (!isSegmentKind(kind)) return { ok: false, status: 400, fieldErrors: { kind: "Choose a kind of segment" } };

  const named = validName(input.name);
  if ("error" in named) errors.name = named.error;
  const parsed = parseBuilderForm(kind, input.form, (await readShopFormat(input.shopId)).currencyExponent, {
    segmentId: input.segmentId,
  });
  if (!parsed.ok) Object.assign(errors, parsed.fieldErrors);
  if (parsed.ok) {
    const refs = await checkSegmentReferences({
      shopId: input.shopId,
      segmentId: input.segmentId,
      kind,
      params: parsed.params,
    });
    if (refs) Object.assign(errors, refs);
  }
  if (Object.keys(errors).length || !parsed.ok || "error" in named)
    return { ok: false, status: 400, fieldErrors: errors };

  const drafts: Draft[] = [];
  const params = parsed.params;
  if (
    kind === "aov_tier" &&
    input.allBands &&
    existing === null &&
    (params as SegmentParams & { mode: string }).mode === "quantile"
  ) {
    for (const band of ["low", "mid", "high"] as const) {
      drafts.push({
        name: `${named.name} – ${BAND_LABEL[band]}`,
        kind,
        params: { ...(params as object), band } as SegmentParams,
      });
    }
  } else {
    drafts.push({ name: named.name, kind, params });
  }
  const taken = await takenNames(
    input.shopId,
    drafts.map((d) => d.name),
    input.segmentId,
  );
  if (taken.length) {
    return { ok: false, status: 400, fieldErrors: { name: `You already have a segment called “${taken[0]}”` } };
  }

  if (existing !== null) {
    const changed = paramsKey(existing.params) !== paramsKey(params);
    const { rows } = await pool().query<{ requested: Date | null }>(
      `UPDATE segments SET name = $3, params = $4, updated_at = now(),
         refresh_requested_at = CASE WHEN $5::boolean THEN now() ELSE refresh_requested_at END
       WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL RETURNING refresh_requested_at AS requested`,
      [input.segmentId, input.shopId, named.name, JSON.stringify(params), changed],
    );
    if (!rows[0]) return { ok: false, status: 404, fieldErrors: { form: "This segment no longer exists" } };
    if (changed && rows[0].requested) await queueSegmentRefresh(input.shopId, input.segmentId!, rows[0].requested);
    return { ok: true, ids: [input.segmentId!] };
  }

  const created = await withTransaction(async (client) => {
    const out: { id: number; requested: Date }[] = [];
    for (const d of drafts) {
      const { rows } = await client.query<{ id: number; requested: Date }>(
        `INSERT INTO segments (shop_id, name, kind, params, refresh_requested_at, updated_at)
         VALUES ($1, $2, $3::"SegmentKind", $4, now(), now()) RETURNING id, refresh_requested_at AS requested`,
        [input.shopId, d.name, d.kind, JSON.stringify(d.params)],
      );
      out.push(rows[0]!);
    }
    return out;
  });
  for (const c of created) await queueSegmentRefresh(input.shopId, c.id, c.requested);
  return { ok: true, ids: created.map((c) => c.id) };
}

export type DeleteResult = { ok: true } | { ok: false; status: 400 | 404; message: string };

/** Statuses of campaigns that may still send to their segments. */
const ACTIVE_CAMPAIGNS = ["draft", "scheduled", "running", "testing", "awaiting_decision", "paused"];

/**
 * Deletes a segment unless something still uses it: samples and combinations built on it, or campaigns that may
 * still send to it (those must be changed first, so nothing silently loses its audience). Members are removed by
 * the daily job (a large segment's rows are not deleted inside a web request).
 */
export async function deleteSegment(opts: { shopId: number; segmentId: number }): Promise<DeleteResult> {
  const db = pool();
  const { rows } = await db.query<{ id: number; name: string; kind: string; params: unknown }>(
    `SELECT id, name, kind::text AS kind, params FROM segments WHERE shop_id = $1 AND deleted_at IS NULL`,
    [opts.shopId],
  );
  if (!rows.some((r) => r.id === opts.segmentId))
    return { ok: false, status: 404, message: "This segment no longer exists" };
  const dependants = rows.filter(
    (r) =>
      r.id !== opts.segmentId &&
      isSegmentKind(r.kind) &&
      segmentDependencies(r.kind, r.params).includes(opts.segmentId),
  );
  if (dependants.length) {
    return {
      ok: false,
      status: 400,
      message: `Used by ${dependants.map((d) => `“${d.name}”`).join(", ")}: change or delete ${dependants.length === 1 ? "it" : "them"} first.`,
    };
  }
  const campaigns = await db.query<{ name: string }>(
    `SELECT c.name FROM campaign_segments cs JOIN campaigns c ON c.id = cs.campaign_id
     WHERE cs.shop_id = $1 AND cs.segment_id = $2 AND c.shop_id = $1 AND c.status::text = ANY($3::text[]) ORDER BY c.name`,
    [opts.shopId, opts.segmentId, ACTIVE_CAMPAIGNS],
  );
  if (campaigns.rows.length) {
    return {
      ok: false,
      status: 400,
      message: `Campaign ${campaigns.rows.map((c) => `“${c.name}”`).join(", ")} still targets this segment: remove it there first.`,
    };
  }
  await db.query(`UPDATE segments SET deleted_at = now(), refresh_requested_at = NULL WHERE id = $1 AND shop_id = $2`, [
    opts.segmentId,
    opts.shopId,
  ]);
  return { ok: true };
}

/** Members of deleted segments (the daily job): their history events stay for reporting. */
export async function purgeDeletedSegmentMembers(shopId: number): Promise<number> {
  const { rowCount } = await pool().query(
    `DELETE FROM segment_members sm USING segments s
     WHERE sm.shop_id = $1 AND s.shop_id = $1 AND s.id = sm.segment_id AND s.deleted_at IS NOT NULL`,
    [shopId],
  );
  return rowCount ?? 0;
}

/** "Refresh now" on the segment page: a full refresh of this segment, as after a parameter change. */
export async function requestRefreshNow(opts: { shopId: number; segmentId: number }): Promise<boolean> {
  const { rows } = await pool().query<{ requested: Date }>(
    `UPDATE segments SET refresh_requested_at = now() WHERE id = $1 AND shop_id = $2 AND deleted_at IS NULL
     RETURNING refresh_requested_at AS requested`,
    [opts.segmentId, opts.shopId],
  );
  if (!rows[0]) return false;
  await queueSegmentRefresh(opts.shopId, opts.segmentId, rows[0].requested);
  return true;
}
