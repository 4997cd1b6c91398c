// Once per test run: make sure the test database exists and carries every migration. A migration that was
// edited since the database was built (checksum differs) rebuilds it from scratch.
import pg from "pg";
import { ensureDatabase, migrate } from "../../prisma/migrations.server";
import { TEST_DATABASE_URL } from "./test-env";

export default async function setup() {
  await ensureDatabase(TEST_DATABASE_URL);
  try {
    await migrate(TEST_DATABASE_URL);
  } catch (err) {
    if (!/edited after it was applied|failed earlier/.test((err as Error).message)) throw err;
    await recreate(TEST_DATABASE_URL);
    await migrate(TEST_DATABASE_URL);
  }
}

async function recreate(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}
