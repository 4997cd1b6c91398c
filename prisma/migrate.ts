// `npm run db:migrate`: create the database if needed and apply pending migrations.
import { ensureDatabase, migrate } from "./migrations.server";
import { redactUrl } from "../app/env.server";
import { describeConnectionError } from "../app/health.server";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: point it at PostgreSQL, e.g. postgresql://postgres@127.0.0.1:5432/segwa");
  process.exit(1);
}
try {
  await ensureDatabase(url);
  const applied = await migrate(url, (line) => console.log(line));
  console.log(
    applied.length ? `${applied.length} migration(s) applied to ${redactUrl(url)}` : "database is up to date",
  );
} catch (err) {
  console.error(
    err instanceof Error && err.message.startsWith("Migration") ? err.message : describeConnectionError(err, url),
  );
  process.exit(1);
}
