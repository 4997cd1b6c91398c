// Starting and stopping a process (app/lib/lifecycle.server.ts): a bad configuration is one line and exit 1; a bug
// nobody caught is logged with its stack, what was registered is closed, and the process exits 1; a signal closes
// everything and exits 0. Redis errors reach the log rate-limited (jobs/connection.ts, jobs/queues.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "../../app/env.server";
import {
  CRASH_CLEANUP_MS,
  crash,
  envOrExit,
  onStop,
  resetLifecycleForTests,
  startOrExit,
  stop,
} from "../../app/lib/lifecycle.server";
import { createLogger, resetLogThrottlesForTests } from "../../app/lib/logger.server";
import { createRedis } from "../../jobs/connection";

const ROOT = path.resolve(__dirname, "../..");

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function harness() {
  const lines: Array<{ level: number; msg: string; err?: { type?: string; stack?: string } }> = [];
  const log = createLogger({ level: "debug", destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  const exit = vi.fn((code: number): never => {
    throw new Exited(code);
  });
  return { lines, deps: { log, exit } };
}

const saved = { ...process.env };
beforeEach(() => {
  resetEnvForTests();
  resetLifecycleForTests();
  resetLogThrottlesForTests();
});
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
  resetLifecycleForTests();
});

describe("start-up", () => {
  it("a missing variable: one fatal line naming it, exit 1", async () => {
    delete process.env.SHOPIFY_API_SECRET;
    const { lines, deps } = harness();
    await expect(startOrExit("worker", { services: true }, deps)).rejects.toEqual(new Exited(1));
    expect(deps.exit).toHaveBeenCalledWith(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe(60);
    expect(lines[0]!.msg).toMatch(/^worker cannot start: SHOPIFY_API_SECRET is not set: copy the client secret/);
  });

  it("a malformed value: the line says what is wrong with it", () => {
    process.env.WORKER_HEALTH_PORT = "70000";
    const { lines, deps } = harness();
    expect(() => envOrExit("worker", deps)).toThrow(Exited);
    expect(lines.map((l) => l.msg)).toEqual([
      "worker cannot start: WORKER_HEALTH_PORT: must be a port number from 1 to 65535",
    ]);
  });

  it("a valid configuration returns the parsed environment without logging", () => {
    process.env.WORKER_HEALTH_PORT = "3456";
    const { lines, deps } = harness();
    expect(envOrExit("worker", deps).WORKER_HEALTH_PORT).toBe(3456);
    expect(lines).toEqual([]);
    expect(deps.exit).not.toHaveBeenCalled();
  });
});

describe("after a crash", () => {
  it("logs the error with its stack, closes newest first, exits 1", async () => {
    const { lines, deps } = harness();
    const closed: string[] = [];
    onStop(() => void closed.push("pool"));
    onStop(async () => {
      closed.push("queues");
      throw new Error("queue already closed");
    });
    await expect(crash("unhandled rejection", new Error("boom"), deps)).rejects.toEqual(new Exited(1));
    expect(closed).toEqual(["queues", "pool"]);
    expect(lines[0]!.msg).toBe("process stopping after an unhandled rejection: boom");
    expect(lines[0]!.err?.stack).toContain("lifecycle.test.ts");
    expect(lines[0]!.err?.type).toBe("Error");
    expect(lines[1]!.msg).toBe("process: closing failed: queue already closed");
  });

  it("a clean-up that hangs does not keep the process up", async () => {
    vi.useFakeTimers();
    try {
      const { deps } = harness();
      onStop(() => new Promise(() => {}));
      const done = crash("uncaught exception", "not even an Error", deps).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(CRASH_CLEANUP_MS + 10);
      expect(await done).toEqual(new Exited(1));
    } finally {
      vi.useRealTimers();
    }
  });

  it("a signal closes everything and exits 0", async () => {
    const { lines, deps } = harness();
    const closed: string[] = [];
    onStop(() => void closed.push("server"));
    await expect(stop("SIGTERM", deps)).rejects.toEqual(new Exited(0));
    expect(closed).toEqual(["server"]);
    expect(lines.map((l) => l.msg)).toEqual(["process received SIGTERM: finishing active work"]);
  });

  it.each([
    ["rejection", "fixture stopping after an unhandled rejection: the database said no"],
    ["exception", "fixture stopping after an uncaught exception:"],
  ])(
    "a real process with an unhandled %s: logged, closed, exit 1",
    async (kind, message) => {
      const child = spawn(
        path.join(ROOT, "node_modules/.bin/node"),
        ["--import", "tsx", "test/fixtures/lifecycle-crash.ts"],
        { cwd: ROOT, env: { ...process.env, CRASH: kind } },
      );
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(1);
      expect(out).toContain(message);
      expect(out).toContain("closed the pool");
      expect(out).not.toContain("still running");
    },
    30_000,
  );
});

describe("Redis errors are logged, rate-limited", () => {
  it("a connection retrying against a closed port writes one warning, not one per retry", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const redis = createRedis("producer", "redis://127.0.0.1:1");
    try {
      const errors = await new Promise<number>((resolve) => {
        let n = 0;
        redis.on("error", () => ++n >= 3 && resolve(n));
      });
      expect(errors).toBeGreaterThanOrEqual(3);
      const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith("Redis:"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Redis: connect ECONNREFUSED 127\.0\.0\.1:1/);
    } finally {
      redis.disconnect();
      warn.mockRestore();
    }
  });
});
