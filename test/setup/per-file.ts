// Runs in every test file's process before its imports: environment, a unique BullMQ prefix, and a rule
// that any unexpected console.error fails the test.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { applyTestEnv } from "./test-env";

applyTestEnv();
process.env.QUEUE_PREFIX = `test-${randomUUID().slice(0, 8)}`;

let errors: unknown[][] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore?.();
  if (errors.length) {
    const first = errors[0]!.map(String).join(" ");
    errors = [];
    throw new Error(`console.error was called during the test: ${first}`);
  }
});

afterAll(async () => {
  const { closeQueues } = await import("../../jobs/queues");
  const { closeDb } = await import("../../app/db.server");
  await closeQueues();
  await closeDb();
});
