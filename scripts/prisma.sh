#!/usr/bin/env bash
# Runs the Prisma CLI without its native engines (they cannot be downloaded here). Generation and
# `migrate diff` only need the WebAssembly engines; the CLI's up-front engine check is satisfied with a
# placeholder path that is never executed. See docs/database.md.
set -euo pipefail
cd "$(dirname "$0")/.."
placeholder="node_modules/.cache/prisma-engine-placeholder"
mkdir -p "$(dirname "$placeholder")"
: > "$placeholder"
export PRISMA_QUERY_ENGINE_LIBRARY="$PWD/$placeholder"
export PRISMA_HIDE_UPDATE_MESSAGE=1
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
exec node_modules/.bin/prisma "$@"
