// Segments built from other segments (samples, combinations): which live segments exist, what each is built
// from, and the checks a definition must pass before it is saved (no missing inputs, no loops).
import type pg from "pg";
import { pool } from "../db.server";
import {
  isSegmentKind,
  parseSegmentParams,
  segmentDependencies,
  type SegmentKind,
  type SegmentParams,
  type SegmentParamsByKind,
} from "./definitions";

type Db = pg.Pool | pg.PoolClient;

export interface LiveSegment {
  id: number;
  kind: SegmentKind;
  params: unknown;
}

export async function liveSegments(db: Db, shopId: number): Promise<LiveSegment[]> {
  const { rows } = await db.query<{ id: number; kind: string; params: unknown }>(
    `SELECT id, kind::text AS kind, params FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY id`,
    [shopId],
  );
  return rows.filter((r): r is LiveSegment => isSegmentKind(r.kind));
}

export function dependenciesOf(s: LiveSegment): number[] {
  const parsed = parseSegmentParams(s.kind, s.params);
  return parsed.ok ? segmentDependencies(s.kind, parsed.params) : [];
}

/**
 * For a sample or combination about to be saved: every referenced segment must be a live segment of the shop, and
 * the new definition must not make a segment depend on itself through others. Returns field errors, or null.
 */
export async function checkSegmentReferences(opts: {
  shopId: number;
  /** the segment being edited; omit when creating */
  segmentId?: number;
  kind: SegmentKind;
  params: SegmentParams;
}): Promise<Record<string, string> | null> {
  const deps = segmentDependencies(opts.kind, opts.params);
  if (!deps.length) return null;
  const field = (id: number) =>
    opts.kind === "sample"
      ? "segmentId"
      : (opts.params as SegmentParamsByKind["combination"]).exclude.includes(id)
        ? "exclude"
        : "segmentIds";
  const live = await liveSegments(pool(), opts.shopId);
  const byId = new Map(live.map((s) => [s.id, s]));
  for (const id of deps) {
    if (!byId.has(id)) return { [field(id)]: "That segment no longer exists" };
    if (id === opts.segmentId) return { [field(id)]: "A segment cannot be built from itself" };
  }
  if (opts.segmentId === undefined) return null; // a new segment has no dependants yet
  // Does any dependency (transitively) lead back to the segment being edited?
  const seen = new Set<number>();
  const stack = deps.map((d) => ({ id: d, root: d }));
  while (stack.length) {
    const { id, root } = stack.pop()!;
    if (id === opts.segmentId)
      return { [field(root)]: "That segment is built from this one, so this would make a loop" };
    if (seen.has(id)) continue;
    seen.add(id);
    const s = byId.get(id);
    if (s) for (const next of dependenciesOf(s)) stack.push({ id: next, root });
  }
  return null;
}
