#!/usr/bin/env bash
# `npm test`: lint, then every test. Unit and integration tests on the real PostgreSQL and Redis, then the browser tests
# in Debian's Chromium against the built app. Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
NEED_CHROMIUM=1 bash scripts/setup.sh || exit 1
export PATH="$PWD/node_modules/.bin:$PATH"

mkdir -p test-results
rm -f test-results/*.json

# Lint (ESLint + Prettier) runs beside the build (each mostly uses one core); it counts as one test in the summary.
echo "== lint (eslint, prettier --check) and the build for browser tests"
( npm run --silent lint >test-results/lint.log 2>&1; echo $? >test-results/lint.status ) &
lint_pid=$!
remix vite:build >test-results/build.log 2>&1 || { cat test-results/build.log; echo "0 passed, 1 failed"; exit 1; }
wait "$lint_pid"
if [ "$(cat test-results/lint.status)" != 0 ]; then cat test-results/lint.log; echo "lint failed (npm run lint)"; fi

echo "== unit and integration tests"
vitest run --reporter=default --reporter=json --outputFile.json=test-results/main.json
main=$?

echo "== browser tests"
vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/e2e.json
e2e=$?

node scripts/test-summary.mjs test-results/lint.status test-results/main.json test-results/e2e.json
summary=$?
[ $main -eq 0 ] && [ $e2e -eq 0 ] && [ $summary -eq 0 ]
