// How every process starts and stops: the web (scripts/serve.ts, and app/entry.server.tsx under `remix vite:dev`),
// the worker (jobs/worker.ts) and the scripts. One place decides what a start-up failure looks like (one line naming
// what to fix, exit code 1, never a stack trace) and what happens after a bug nobody caught (the error logged with
// its stack, what can be closed is closed, exit code 1, so a supervisor restarts a process in a known state instead
// of leaving one running in an unknown one).
import { ConfigError, getEnv, type Env } from "../env.server";
import { checkHealth } from "../health.server";
import { errorMessage, logger as defaultLogger, type Logger } from "./logger.server";

export type Cleanup = () => unknown;

export interface LifecycleDeps {
  log: Logger;
  exit: (code: number) => never;
}

const defaults: LifecycleDeps = { log: defaultLogger, exit: (code) => process.exit(code) };

/** How long closing may take after a crash before the process exits anyway (a hung socket must not keep it up). */
export const CRASH_CLEANUP_MS = 5000;

// Kept on globalThis: under the web process the server build bundles its own copy of this module, and a process
// must install its handlers once however many copies call startOrExit.
interface ProcessState {
  name: string;
  cleanups: Cleanup[];
  stopping: boolean;
  started: boolean;
}
const STATE = Symbol.for("segwa.lifecycle");
type WithState = typeof globalThis & { [STATE]?: ProcessState };

function state(name = "process"): ProcessState {
  const g = globalThis as WithState;
  g[STATE] ??= { name, cleanups: [], stopping: false, started: false };
  return g[STATE];
}

/**
 * Validates the configuration (and, with `services`, reaches PostgreSQL and Redis); on failure logs
 * "<name> cannot start: <what to fix>" and exits 1. Then installs the handlers for unhandled rejections and
 * uncaught exceptions. Returns the validated environment.
 */
export async function startOrExit(
  name: string,
  opts: { services?: boolean } = {},
  deps: LifecycleDeps = defaults,
): Promise<Env> {
  const env = envOrExit(name, deps);
  if (state(name).started) return env; // the web's server build calling again after scripts/serve.ts
  if (opts.services) {
    const h = await checkHealth();
    if (!h.ok) return failStart(name, h.database !== "ok" ? h.database : h.redis, deps);
  }
  installCrashHandlers(name, deps);
  return env;
}

/** The synchronous half of startOrExit: configuration only (for code that cannot wait, e.g. a module's top level). */
export function envOrExit(name: string, deps: LifecycleDeps = defaults): Env {
  try {
    return getEnv();
  } catch (err) {
    // A ConfigError's message already says what to set; anything else is a bug in the schema, still one line.
    return failStart(name, err instanceof ConfigError ? err.message : `configuration: ${errorMessage(err)}`, deps);
  }
}

function failStart(name: string, reason: string, deps: LifecycleDeps): never {
  deps.log.fatal(`${name} cannot start: ${reason}`);
  return deps.exit(1);
}

/** Registers something to close when the process stops (a signal or a crash); closed last-registered first. */
export function onStop(cleanup: Cleanup) {
  state().cleanups.push(cleanup);
}

/** Runs the registered clean-ups, newest first, each failure logged; bounded by `withinMs` when given. */
async function runCleanups(log: Logger, withinMs?: number) {
  const s = state();
  const all = s.cleanups.splice(0).reverse();
  const closing = (async () => {
    for (const cleanup of all) {
      try {
        await cleanup();
      } catch (err) {
        log.warn(`${s.name}: closing failed: ${errorMessage(err)}`);
      }
    }
  })();
  if (withinMs === undefined) return closing;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
  await Promise.race([closing, late]);
  clearTimeout(timer);
}

/** After a crash: log it, close what can be closed (bounded), exit 1. A second crash while closing exits at once. */
export async function crash(kind: string, err: unknown, deps: LifecycleDeps = defaults): Promise<never> {
  const s = state();
  if (s.stopping) {
    deps.log.fatal(err instanceof Error ? { err } : { reason: err }, `${s.name}: ${kind} while stopping`);
    return deps.exit(1);
  }
  s.stopping = true;
  deps.log.fatal(
    err instanceof Error ? { err } : { reason: err },
    `${s.name} stopping after an ${kind}: ${errorMessage(err)}`,
  );
  await runCleanups(deps.log, CRASH_CLEANUP_MS);
  return deps.exit(1);
}

/** A signal (SIGTERM from the supervisor, Ctrl-C): close everything, however long active work takes, exit 0. */
export async function stop(signal: string, deps: LifecycleDeps = defaults): Promise<never> {
  const s = state();
  if (s.stopping) return new Promise<never>(() => {}); // already closing: the first stop exits
  s.stopping = true;
  deps.log.info(`${s.name} received ${signal}: finishing active work`);
  await runCleanups(deps.log);
  return deps.exit(0);
}

function installCrashHandlers(name: string, deps: LifecycleDeps) {
  const s = state(name);
  if (s.started) return;
  s.started = true;
  s.name = name;
  process.on("unhandledRejection", (reason) => void crash("unhandled rejection", reason, deps));
  process.on("uncaughtException", (err) => void crash("uncaught exception", err, deps));
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal, deps));
}

/** For tests: forget the process state (crash handlers are only installed by a successful startOrExit). */
export function resetLifecycleForTests() {
  delete (globalThis as WithState)[STATE];
}
