// Liveness/readiness of the web process: PostgreSQL and Redis reachable.
import { checkHealth } from "../health.server";

export const loader = async () => {
  const health = await checkHealth();
  return new Response(JSON.stringify(health), {
    status: health.ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
};
