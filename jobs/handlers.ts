// Job name → handler. Every JobName must appear here (the type checks it).
import type { Job } from "bullmq";
import type { JobName, JobPayload } from "./queues";
import { processInboxEvent, recordFromRedis } from "./processors/inbox";
import { reconcile } from "./processors/maintenance";
import { scrubExpiredBodies } from "../app/compliance/retention.server";
import { pruneAuditEvents } from "../app/compliance/audit.server";
import { purgeIfDue } from "../app/shops/uninstall.server";
import { runReattribution } from "../app/attribution/runs.server";
import { checkImport, importBulkFile, startBackfill } from "../app/ingest/backfill.server";
import { dailyJob, refreshCustomersJob, refreshSegmentJob } from "./processors/segments";
import { dispatchCampaign, rolloutCheck } from "./processors/campaigns-dispatch";
import { campaignStartJob } from "./processors/campaigns-schedule";
import {
  consentReply,
  consentSync,
  consentSyncAll,
  refreshAll,
  refreshWhatsAppAccount,
  syncWhatsAppTemplates,
  writeBack,
} from "./processors/whatsapp";

type Handlers = { [N in JobName]: (payload: JobPayload<N>, job: Job) => Promise<unknown> };

export const handlers: Handlers = {
  "inbox.process": processInboxEvent,
  "inbox.record": recordFromRedis,
  "backfill.start": async ({ shopId, reason }) => ({ runId: await startBackfill({ shopId, reason }) }),
  "backfill.poll": async ({ shopId, importId }) => ({ status: await checkImport({ shopId, importId }) }),
  "backfill.import": async ({ shopId, importId }) => importBulkFile({ shopId, importId }),
  "segments.refresh-customers": refreshCustomersJob,
  "segments.refresh-segment": refreshSegmentJob,
  "segments.daily": dailyJob,
  "attribution.reattribute": runReattribution,
  "maintenance.reconcile": reconcile,
  // The daily retention run: raw webhook bodies, then access-log events past their retention.
  "maintenance.scrub-inbox": async () => ({ ...(await scrubExpiredBodies()), ...(await pruneAuditEvents()) }),
  "shop.purge": async ({ shopId }) => ({ purged: await purgeIfDue(shopId) }),
  "whatsapp.refresh-account": refreshWhatsAppAccount,
  "whatsapp.refresh-all": refreshAll,
  "whatsapp.sync-templates": syncWhatsAppTemplates,
  "whatsapp.consent-reply": consentReply,
  "consent.shopify-writeback": writeBack,
  "consent.sync-shopify": consentSync,
  "consent.sync-all": consentSyncAll,
  "campaign.dispatch": dispatchCampaign,
  "campaign.rollout-check": rolloutCheck,
  "campaign.start": campaignStartJob,
};
