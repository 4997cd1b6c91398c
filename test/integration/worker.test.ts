// The worker process: starts, reports health, refuses to start without its services, stops gracefully,
// and two of them never apply one event twice.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { intake } from "../../app/inbox/inbox.server";
import { registerInboxHandler } from "../../app/inbox/handlers.server";
import { startWorkers } from "../../jobs/worker";
import { createTestShop } from "../setup/shops";

const ROOT = path.resolve(__dirname, "../..");

function runWorker(env: Record<string, string>) {
  // One process, as `npm run worker` runs it: the signal reaches the worker itself, with no tsx launcher relaying it.
  const child = spawn(path.join(ROOT, "node_modules/.bin/node"), ["--import", "tsx", "jobs/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${ROOT}/node_modules/.bin:${process.env.PATH}`, ...env },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean | Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

describe("worker process", () => {
  it("serves its health check and closes gracefully on SIGTERM", async () => {
    const port = String(30000 + Math.floor(Math.random() * 20000));
    const w = runWorker({ WORKER_HEALTH_PORT: port });
    await waitFor(() => w.output().includes("worker running"));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: "ok", redis: "ok" });
    w.child.kill("SIGTERM");
    expect(await w.exited).toBe(0);
    expect(w.output()).toContain("worker received SIGTERM: finishing active work");
  }, 40_000);

  it("exits with one readable line when PostgreSQL cannot be reached", async () => {
    const w = runWorker({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5499/nowhere" });
    expect(await w.exited).toBe(1);
    const lines = w.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^worker cannot start: Cannot reach PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:5499\/nowhere \(ECONNREFUSED\)\. Start it with/,
    );
  }, 40_000);

  it("exits with one readable line when a required variable is missing", async () => {
    const w = runWorker({ SHOPIFY_API_SECRET: "" });
    expect(await w.exited).toBe(1);
    expect(w.output().trim()).toMatch(/^worker cannot start: SHOPIFY_API_SECRET/);
  }, 40_000);

  it("two workers never apply the same inbox event twice", async () => {
    const shop = await createTestShop();
    const topic = `test/count-${randomUUID().slice(0, 6)}`;
    const applied = new Map<string, number>();
    registerInboxHandler("shopify", topic, async (event) => {
      applied.set(event.external_id, (applied.get(event.external_id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
      return "done";
    });
    const a = startWorkers({ queues: ["inbox"] });
    const b = startWorkers({ queues: ["inbox"] });
    try {
      const ids = Array.from({ length: 60 }, () => randomUUID());
      for (const id of ids) {
        const r = await intake({
          source: "shopify",
          externalId: id,
          shopId: shop.id,
          shopDomain: shop.domain,
          topic,
          body: "{}",
        });
        expect(r.status).toBe(200);
        // every delivery arrives twice, as Shopify's at-least-once delivery allows
        await intake({
          source: "shopify",
          externalId: id,
          shopId: shop.id,
          shopDomain: shop.domain,
          topic,
          body: "{}",
        });
      }
      await waitFor(async () => {
        const { rows } = await pool().query(
          `SELECT count(*)::int AS n FROM inbox_events WHERE topic = $1 AND status = 'done'`,
          [topic],
        );
        return rows[0].n === ids.length;
      });
      expect([...applied.values()].every((n) => n === 1)).toBe(true);
      expect(applied.size).toBe(ids.length);
      const busy = [...a.workers, ...b.workers].map((w) => w.isRunning());
      expect(busy.every(Boolean)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 40_000);
});
