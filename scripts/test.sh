#!/usr/bin/env bash
# `npm test`: lint, then every test. Unit and integration tests on the real PostgreSQL and Redis, then the browser tests
# in Debian's Chromium against the built app. `npm run test:data` (`scripts/test.sh data`): the dataset-scale tests.
# Ends with one line: "N passed, N failed[, N skipped]".
#
# Runs on one machine cannot collide: each vitest run creates its own database (test/setup/global-setup.ts), queue
# prefixes are random per test file, servers listen on free ports, and this run's reports and build go to
# test-results/run-<pid>/ (test-results/latest points at the newest), or to TEST_RUN_DIR when set (`.ci/run`).
set -uo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"
NEED_CHROMIUM=$([ "$mode" = data ] && echo 0 || echo 1) bash scripts/setup.sh || exit 1
export PATH="$PWD/node_modules/.bin:$PATH"

mkdir -p test-results
# Drop what earlier runs that are no longer alive left behind (their pid is in the name).
for d in test-results/run-*; do
  [ -d "$d" ] || continue
  pid="${d##*/run-}"
  kill -0 "$pid" 2>/dev/null || rm -rf "$d"
done
run_dir="${TEST_RUN_DIR:-test-results/run-$$}"
mkdir -p "$run_dir"
[ -z "${TEST_RUN_DIR:-}" ] && ln -sfn "run-$$" test-results/latest
export TEST_RESULTS_DIR="$PWD/$run_dir"

if [ "$mode" = data ]; then
  echo "== dataset-scale tests (Online Retail)"
  vitest run --config vitest.data.config.ts --reporter=default --reporter=json --outputFile.json="$run_dir/data.json"
  data=$?
  node scripts/test-summary.mjs "$run_dir/data.json"
  summary=$?
  [ $data -eq 0 ] && [ $summary -eq 0 ]
  exit
fi

# The browser tests' build is this run's own (BUILD_DIR, read by vite.config.ts and scripts/serve.ts), so a second run
# building at the same time cannot empty it under this run's server.
export BUILD_DIR="$PWD/$run_dir/build"

# Lint (ESLint + Prettier) runs beside the build (each mostly uses one core); it counts as one test in the summary.
echo "== lint (eslint, prettier --check) and the build for browser tests"
( npm run --silent lint >"$run_dir/lint.log" 2>&1; echo $? >"$run_dir/lint.status" ) &
lint_pid=$!
remix vite:build >"$run_dir/build.log" 2>&1 || { cat "$run_dir/build.log"; echo "0 passed, 1 failed"; exit 1; }
wait "$lint_pid"
if [ "$(cat "$run_dir/lint.status")" != 0 ]; then cat "$run_dir/lint.log"; echo "lint failed (npm run lint)"; fi

echo "== unit and integration tests"
vitest run --reporter=default --reporter=json --outputFile.json="$run_dir/main.json"
main=$?

echo "== browser tests"
vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$run_dir/e2e.json"
e2e=$?

rm -rf "$BUILD_DIR"
node scripts/test-summary.mjs "$run_dir/lint.status" "$run_dir/main.json" "$run_dir/e2e.json"
summary=$?
[ $main -eq 0 ] && [ $e2e -eq 0 ] && [ $summary -eq 0 ]
