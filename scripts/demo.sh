#!/usr/bin/env bash
# `npm run demo`: from a fresh clone, install what is needed, migrate, seed the demo store and serve the admin
# UI with a worker, in demo mode (a fixed demo shop; Shopify and Meta are local simulators). Refuses to run
# with NODE_ENV=production. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${NODE_ENV:-}" = "production" ]; then
  echo "npm run demo refuses to run with NODE_ENV=production: demo mode bypasses Shopify authentication."
  exit 1
fi

bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

export NODE_ENV=development
export DEMO_MODE=1
export DATABASE_URL="${DEMO_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/segwa_demo}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
# One queue prefix per demo database: two demos sharing Redis must not take each other's jobs (inbox job ids
# are row ids, which repeat across databases).
export QUEUE_PREFIX="${QUEUE_PREFIX:-segwa-demo-${DATABASE_URL##*/}}"
export SHOPIFY_API_KEY=demo-api-key
export SHOPIFY_API_SECRET=demo-api-secret
export SHOPIFY_APP_URL="http://localhost:${PORT:-3000}"
# A fixed, public demo key: demo data only. Production keys come from the environment (docs/deploy.md).
export ENCRYPTION_KEYS="demo:ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q="
export PORT="${PORT:-3000}"
export WORKER_HEALTH_PORT="${WORKER_HEALTH_PORT:-3101}"
# WhatsApp: a local Cloud API simulator (test/simulators/whatsapp-main.ts) stands in for Meta. Settings →
# WhatsApp is prefilled with these credentials; the simulator signs its webhooks with WHATSAPP_APP_SECRET.
export WA_SIM_PORT="${WA_SIM_PORT:-3102}"
export WA_SIM_PHONE_NUMBER_ID="${WA_SIM_PHONE_NUMBER_ID:-106540352242922}"
export WA_SIM_WABA_ID="${WA_SIM_WABA_ID:-102290129340398}"
export WA_SIM_TOKEN="${WA_SIM_TOKEN:-sim-access-token}"
export WHATSAPP_APP_SECRET=demo-meta-app-secret
export WHATSAPP_VERIFY_TOKEN=demo-verify-token
export WHATSAPP_GRAPH_URL="http://127.0.0.1:$WA_SIM_PORT"

echo "== database"
tsx prisma/migrate.ts

orders="${DEMO_ORDERS:-20000}"
have=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM orders o JOIN shops s ON s.id = o.shop_id WHERE s.domain = 'demo-store.myshopify.com'" 2>/dev/null || echo 0)
if [ "${have:-0}" -lt 1 ]; then
  echo "== seeding the demo store ($orders orders)"
  tsx prisma/seed/seed.ts --shop demo-store.myshopify.com --orders "$orders"
else
  echo "== demo store already seeded ($have orders); drop it with `dropdb -h 127.0.0.1 -U postgres segwa_demo` to start over"
fi

echo "== demo campaigns and their attributed orders"
tsx prisma/seed/campaigns.ts --shop demo-store.myshopify.com

echo "== building the admin UI"
remix vite:build >/tmp/segwa-demo-build.log 2>&1 || { cat /tmp/segwa-demo-build.log; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

WA_SIM_APP_SECRET="$WHATSAPP_APP_SECRET" WA_SIM_WEBHOOK_URL="http://localhost:$PORT/webhooks/whatsapp" \
  tsx test/simulators/whatsapp-main.ts >/tmp/segwa-demo-whatsapp.log 2>&1 & pids+=($!)
for _ in $(seq 1 30); do
  curl -fsS "$WHATSAPP_GRAPH_URL/_sim/accepted" >/dev/null 2>&1 && break
  sleep 0.5
done
node --import tsx jobs/worker.ts & pids+=($!)
node --import tsx scripts/serve.ts & pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS "http://localhost:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
echo
echo "Demo running (DEMO MODE — generated data, never for production):"
echo "  Admin UI:  http://localhost:$PORT/app"
echo "  Health:    http://localhost:$PORT/healthz   worker: http://127.0.0.1:$WORKER_HEALTH_PORT/healthz"
echo "  WhatsApp:  simulator at $WHATSAPP_GRAPH_URL (Settings → Connect WhatsApp is prefilled: phone number id"
echo "             $WA_SIM_PHONE_NUMBER_ID, WABA $WA_SIM_WABA_ID, token $WA_SIM_TOKEN). A customer replying STOP:"
echo "             curl -X POST $WHATSAPP_GRAPH_URL/_sim/inbound-text -H 'Content-Type: application/json' -d '{\"from\":\"447911123456\",\"text\":\"STOP\"}'"
echo "Press Ctrl-C to stop."
wait
