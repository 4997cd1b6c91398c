// Once per test run: a fresh test database carrying every migration. Rebuilt for every run, not kept: earlier runs'
// shops and rows (never vacuumed or analyzed where autovacuum is off, as on these machines) would make each later
// run slower than the last, until statements written for one shop's rows time out.
import pg from "pg";
import { migrate } from "../../prisma/migrations.server";
import { TEST_DATABASE_URL } from "./test-env";

export default async function setup() {
  await recreate(TEST_DATABASE_URL);
  await migrate(TEST_DATABASE_URL);
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
