// Sums vitest JSON reports (and check exit codes, `*.status`) into the one line CI reads: "N passed, N failed, N skipped".
// A missing report counts as a failure, so a suite that did not run is never silent.
import { existsSync, readFileSync } from "node:fs";

let passed = 0,
  failed = 0,
  skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`no report at ${file}: that suite did not run`);
    failed += 1;
    continue;
  }
  // a `.status` file holds a check's exit code (lint): one test, passed when 0
  if (file.endsWith(".status")) {
    if (readFileSync(file, "utf8").trim() === "0") passed += 1;
    else failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTests ?? 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // a file that failed to load reports no tests but has a failed suite
  for (const s of r.testResults ?? [])
    if (s.status === "failed" && (s.assertionResults ?? []).length === 0) failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
