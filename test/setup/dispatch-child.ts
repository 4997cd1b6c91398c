// A dispatcher in its own process, for the test that several processes share one number's limits:
//   node --import tsx test/setup/dispatch-child.ts <shopId> <campaignId> <lane>
// Runs with the parent test's environment (database, Redis, queue prefix, simulator URL) and prints its summary.
import { runDispatch } from "../../app/campaigns/dispatch/index.server";
import { closeRateLimiter } from "../../app/campaigns/rates.server";
import { closeDb } from "../../app/db.server";
import { closeQueues } from "../../jobs/queues";

const [shopId, campaignId, lane] = process.argv.slice(2).map(Number);
const summary = await runDispatch({ shopId: shopId!, campaignId: campaignId!, lane: lane! });
process.stdout.write(JSON.stringify(summary) + "\n");
await closeRateLimiter();
await closeQueues();
await closeDb();
process.exit(0);
