// `npm run db:migrate`: create the database if needed and apply pending migrations.
import pg from "pg";
import { ensureDatabase, migrate } from "./migrations.server";
import { redactUrl } from "../app/env.server";
import { describeConnectionError } from "../app/health.server";
import { parseKeys } from "../app/lib/encryption.server";
import { sealSessionTokens } from "../app/shopify/session-storage.server";
import { requireDatabaseUrl, runScript } from "../scripts/run-script";

const url = requireDatabaseUrl("db:migrate");
await runScript(
  "db:migrate",
  async () => {
    await ensureDatabase(url);
    const applied = await migrate(url, (line) => console.log(line));
    console.log(
      applied.length ? `${applied.length} migration(s) applied to ${redactUrl(url)}` : "database is up to date",
    );
    // Shopify session tokens written before they were encrypted are sealed here, once (idempotent; the same step
    // runs in `npm run secrets:reencrypt`). Without ENCRYPTION_KEYS there is nothing to seal with yet.
    if (process.env.ENCRYPTION_KEYS) {
      const db = new pg.Pool({ connectionString: url, max: 1 });
      try {
        const report = await sealSessionTokens(db, parseKeys(process.env.ENCRYPTION_KEYS));
        if (report.sealed) console.log(`sealed ${report.sealed} Shopify session token(s) at rest`);
      } finally {
        await db.end();
      }
    }
  },
  {
    describe: (err) =>
      err instanceof Error && err.message.startsWith("Migration") ? err.message : describeConnectionError(err, url),
  },
);
