// Browser-test harness: the built app served by remix-serve in demo mode, and Debian's Chromium driven by
// playwright-core (never a downloaded browser).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

// import.meta.url, not __dirname: the vitals bench loads this file as an ES module through tsx.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** This run's results folder (scripts/test.sh sets it per run, so concurrent runs keep their screenshots apart). */
export const RESULTS = process.env.TEST_RESULTS_DIR ?? path.join(ROOT, "test-results");
export const SCREENSHOTS = path.join(RESULTS, "screenshots");

export interface RunningApp {
  url: string;
  close(): Promise<void>;
  output(): string;
}

export async function startApp(env: Record<string, string> = {}, fixedPort?: number): Promise<RunningApp> {
  // A port the OS just handed out can still be taken by another process (a concurrent run) before the app binds it:
  // then the app exits with EADDRINUSE and we try again on another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOn(fixedPort ?? (await freePort()), env);
    } catch (err) {
      if (fixedPort !== undefined || attempt >= 3 || !/EADDRINUSE/.test(String(err))) throw err;
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startAppOn(port: number, env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(
    path.join(ROOT, "node_modules/.bin/node"),
    ["--import", "tsx", "scripts/serve.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "development",
        HOST: "localhost",
        DEMO_MODE: "1",
        PORT: String(port),
        PATH: `${ROOT}/node_modules/.bin:${process.env.PATH}`,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://localhost:${port}`;
  // Loading the server build takes ~3 s of CPU; on a machine shared with other runs that can be a minute of clock
  // time, so the deadline is generous. A server that never answered is killed, not left running.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited: ${out}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app did not start in 180 s: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => out,
    close: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    // playwright gives every launch a fresh temporary profile (user-data-dir)
  });
}
