// Once per test run (each vitest invocation): a database of its own carrying every migration, dropped at the end.
// Fresh for every run, not kept: earlier runs' shops and rows (never vacuumed or analyzed where autovacuum is off,
// as on these machines) would make each later run slower than the last. Its name is unique to the run, so a second
// `npm test` on the same machine cannot drop or fill the first one's database.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../../prisma/migrations.server";

const SERVER = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";
/** Names this file creates: `segwa_run_<pid>_<random>`; the pid lets a later run drop what a killed run left. */
const RUN_PREFIX = "segwa_run_";

export default async function setup() {
  // An explicit TEST_DATABASE_URL is the caller's own database: recreated, but its name kept and not dropped after.
  const explicit = process.env.TEST_DATABASE_URL;
  const url = explicit ?? `${SERVER}/${RUN_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  // Test processes are forked after global set-up and inherit this environment (test-env.ts reads it).
  process.env.TEST_DATABASE_URL = url;
  await dropAbandoned(url);
  await recreate(url);
  await migrate(url);
  return async () => {
    if (!explicit) await withAdmin(url, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName(url)}" WITH (FORCE)`));
  };
}

function dbName(url: string) {
  return new URL(url).pathname.slice(1);
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function recreate(url: string) {
  const name = dbName(url);
  await withAdmin(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

/** Run databases whose creating process is gone (a run killed before its teardown); live runs' are left alone. */
async function dropAbandoned(url: string) {
  await withAdmin(url, async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${RUN_PREFIX}%`,
    ]);
    for (const { datname } of rows) {
      const pid = Number(datname.slice(RUN_PREFIX.length).split("_")[0]);
      if (Number.isInteger(pid) && pid > 0 && !alive(pid))
        await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
