// Liveness/readiness of the web process: PostgreSQL and Redis reachable. Anonymous callers get the status only
// ({"ok":true} or 503 {"ok":false}); what is wrong and how to fix it is on the worker's private health port
// (127.0.0.1:WORKER_HEALTH_PORT/healthz), never on the public one.
import { checkHealth } from "../health.server";

export const loader = async () => {
  const health = await checkHealth();
  return new Response(JSON.stringify({ ok: health.ok }), {
    status: health.ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
};
