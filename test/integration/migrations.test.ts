// The migrations and schema.prisma must describe the same database, and the runner must behave like
// `prisma migrate deploy` (same _prisma_migrations rows, idempotent).
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { ensureDatabase, migrate, readMigrations } from "../../prisma/migrations.server";
import { TEST_DATABASE_URL } from "../setup/test-env";

const ROOT = path.resolve(__dirname, "../..");
const created: string[] = [];

function scratchUrl(label: string) {
  const url = new URL(TEST_DATABASE_URL);
  const name = `segwa_${label}_${randomUUID().slice(0, 8)}`;
  url.pathname = `/${name}`;
  created.push(name);
  return url.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Everything about the public schema that a migration can change, in a comparable form. */
async function catalog(url: string) {
  return withClient(url, async (c) => {
    const columns = await c.query(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, datetime_precision
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`);
    const indexes = await c.query(`
      SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`);
    const constraints = await c.query(`
      SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
      ORDER BY 1, 2`);
    const enums = await c.query(`
      SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`);
    return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows, enums: enums.rows };
  });
}

afterAll(async () => {
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = "/postgres";
  await withClient(admin.toString(), async (c) => {
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

describe("migrations", () => {
  it("produce exactly the database schema.prisma describes", async () => {
    const fromMigrations = scratchUrl("drift_a");
    await ensureDatabase(fromMigrations);
    await migrate(fromMigrations);

    const fromSchema = scratchUrl("drift_b");
    await ensureDatabase(fromSchema);
    const sql = execFileSync(
      "bash",
      [
        "scripts/prisma.sh",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    expect(sql).toContain("CREATE TABLE");
    await withClient(fromSchema, (c) => c.query(sql));

    const [a, b] = await Promise.all([catalog(fromMigrations), catalog(fromSchema)]);
    expect(a.columns.length).toBeGreaterThan(100);
    expect(a).toEqual(b);
  }, 90_000);

  it("record _prisma_migrations rows the way prisma migrate deploy does, and re-running applies nothing", async () => {
    const url = scratchUrl("runner");
    await ensureDatabase(url);
    const files = await readMigrations();
    expect(await migrate(url)).toEqual(files.map((f) => f.name));
    expect(await migrate(url)).toEqual([]);
    const rows = await withClient(url, (c) =>
      c.query(
        `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`,
      ),
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.rows.entries()) {
      expect(row.checksum).toBe(createHash("sha256").update(files[i]!.sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("refuses to continue when an applied migration file was edited", async () => {
    const url = scratchUrl("edited");
    await ensureDatabase(url);
    await migrate(url);
    const first = (await readMigrations())[0]!;
    await withClient(url, (c) =>
      c.query(`UPDATE _prisma_migrations SET checksum = 'x' WHERE migration_name = $1`, [first.name]),
    );
    await expect(migrate(url)).rejects.toThrow(/edited after it was applied/);
  });
});
