#!/usr/bin/env bash
# Shared set-up for `npm run demo` and `npm test`: dependencies, the Prisma client, services, Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the registry reachable here serves only this platform's optional packages
  # (e.g. @rollup/rollup-linux-x64-gnu), so the lock file cannot list the others and `npm ci` refuses it as
  # "out of sync". With a lock file that matches package.json, `npm install` installs exactly what it pins.
  echo "installing dependencies (npm install from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi
export PATH="$PWD/node_modules/.bin:$PATH"

# @prisma/client's postinstall leaves a stub client; the generated one carries a copy of the schema.
if ! cmp -s prisma/schema.prisma node_modules/.prisma/client/schema.prisma; then
  log="$(mktemp)"
  bash scripts/prisma.sh generate >"$log" 2>&1 || { cat "$log"; exit 1; }
  rm -f "$log"
fi

bash scripts/services.sh

if [ "${NEED_CHROMIUM:-0}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "could not install chromium"
fi
