// A shop's attribution windows, kept under `attribution` in shops.settings (other features own other keys, so
// writes replace only this key).
import type pg from "pg";
import { pool } from "../db.server";
import { DEFAULT_WINDOWS, windowsSchema, type AttributionWindows } from "./windows";

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/** The shop's windows; a missing or damaged setting falls back to the defaults. */
export async function getAttributionWindows(shopId: number, db: Queryable = pool()): Promise<AttributionWindows> {
  const { rows } = await db.query<{ value: unknown }>(
    `SELECT settings->'attribution' AS value FROM shops WHERE id = $1`,
    [shopId],
  );
  const parsed = windowsSchema.safeParse(rows[0]?.value ?? {});
  return parsed.success ? parsed.data : { ...DEFAULT_WINDOWS, ...partial(rows[0]?.value) };
}

function partial(value: unknown): Partial<AttributionWindows> {
  if (!value || typeof value !== "object") return {};
  const out: Partial<AttributionWindows> = {};
  const v = value as Record<string, unknown>;
  const click = windowsSchema.shape.clickWindowHours.safeParse(v.clickWindowHours);
  const view = windowsSchema.shape.viewWindowHours.safeParse(v.viewWindowHours);
  if (click.success) out.clickWindowHours = click.data;
  if (view.success) out.viewWindowHours = view.data;
  return out;
}

/** Stores validated windows; returns whether they changed. */
export async function saveAttributionWindows(shopId: number, windows: AttributionWindows): Promise<boolean> {
  const valid = windowsSchema.parse(windows);
  const before = await getAttributionWindows(shopId);
  if (before.clickWindowHours === valid.clickWindowHours && before.viewWindowHours === valid.viewWindowHours)
    return false;
  await pool().query(
    `UPDATE shops SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{attribution}', $2::jsonb), updated_at = now() WHERE id = $1`,
    [shopId, JSON.stringify(valid)],
  );
  return true;
}
