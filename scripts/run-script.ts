// How every one-shot command ends (npm run db:migrate, the demo seeds, secrets:reencrypt): the same way the web and
// the worker do (app/lib/lifecycle.server.ts), in the operator's words. Success: exit 0 once what it opened is
// closed. A failure: one line "<name> failed: <what to fix>" and exit 1, never a stack trace; a bug nobody caught
// (an unhandled rejection) the same. Their reports are for a person at a terminal, so they are plain lines on
// stdout/stderr, not the JSON logger; and they need only DATABASE_URL, not the app's whole configuration.

export interface ScriptOptions {
  /** Closes what the script opened (pools); runs after success and after failure, its own failure reported. */
  close?: () => unknown;
  /** The one line for a failure (default: the error's message). */
  describe?: (err: unknown) => string;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** DATABASE_URL, or one line saying how to set it and exit 1. */
export function requireDatabaseUrl(name: string): string {
  const url = process.env.DATABASE_URL;
  if (url) return url;
  process.stderr.write(
    `${name} failed: DATABASE_URL is not set: point it at PostgreSQL, e.g. postgresql://postgres@127.0.0.1:5432/segwa\n`,
  );
  process.exit(1);
}

/**
 * Runs `main`; its returned number (or 0) becomes the exit code. The process is left to end on its own after
 * `close`, so a pool still open shows up as a hang in development rather than being cut off mid-write.
 */
export async function runScript(
  name: string,
  main: () => Promise<number | void>,
  opts: ScriptOptions = {},
): Promise<void> {
  const describe = opts.describe ?? messageOf;
  const fail = (err: unknown) => {
    process.stderr.write(`${name} failed: ${describe(err)}\n`);
    process.exitCode = 1;
  };
  const crash = (err: unknown) => {
    fail(err);
    process.exit(1);
  };
  process.on("unhandledRejection", crash);
  process.on("uncaughtException", crash);
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (err) {
    fail(err);
  } finally {
    try {
      await opts.close?.();
    } catch (err) {
      process.stderr.write(`${name}: closing failed: ${messageOf(err)}\n`);
    }
  }
}
