// How the one-shot commands end (scripts/run-script.ts): run in a child process, as `npm run db:migrate` is.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function run(body: string, env: NodeJS.ProcessEnv = process.env) {
  const code = `const { runScript, requireDatabaseUrl } = await import("./scripts/run-script.ts"); ${body}`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: ROOT, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("runScript", () => {
  it("a failure is one line naming the command, exit 1, and what it opened is still closed", () => {
    const r = run(
      `await runScript("db:migrate", async () => { throw new Error("Migration 2026_x failed: boom"); },
        { close: () => console.log("closed") });`,
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("db:migrate failed: Migration 2026_x failed: boom\n");
    expect(r.stdout).toBe("closed\n");
  });

  it("success exits with the code main returns (0 by default)", () => {
    expect(run(`await runScript("seed", async () => {});`).status).toBe(0);
    expect(run(`await runScript("seed", async () => 3);`).status).toBe(3);
  });

  it("an unhandled rejection ends the command with one line and exit 1, not a stack trace", () => {
    const r = run(
      `await runScript("seed", async () => { void Promise.reject(new Error("lost")); await new Promise((r) => setTimeout(r, 2000)); });`,
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("seed failed: lost\n");
  });

  it("without DATABASE_URL says how to set it and exits 1", () => {
    const { DATABASE_URL: _unset, ...env } = process.env;
    const r = run(`requireDatabaseUrl("seed"); console.log("not reached");`, env as NodeJS.ProcessEnv);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^seed failed: DATABASE_URL is not set: point it at PostgreSQL/);
    expect(r.stdout).toBe("");
  });
});
