// Campaign dispatch: sends a running (or testing) campaign's queued recipients, at most once each, inside the
// number's limits (docs/campaigns.md, docs/decisions/0010-campaign-dispatch.md). The public surface:
// - runDispatch: one dispatcher lane (the `campaign.dispatch` job). Every sender — a campaign's main group, its
//   test share, the rollout after it, and later automation steps — goes through the same path inside it:
//   claimBatch (lease rows, consent, budget) → sendBatch (pace, call, classify) → settle (one statement).
// - queueDispatch: book a dispatcher now or at a time (start, resume, continuation).
// - runRolloutCheck: the `campaign.rollout-check` job after a test share.
// - reconcileDispatch: the every-minute repair (lost answers → unknown, lost jobs → re-queued).
// The rest is exported for tests and the reconciler only.
export { runDispatch, afterDrain, type DispatchSummary } from "./drain.server";
export { queueDispatch, dispatchJobId } from "./jobs.server";
export { runRolloutCheck, rolloutDecision, testGroupFigures, type TestGroupFigures } from "./rollout.server";
export { reconcileDispatch, type ReconcileSummary } from "./reconcile.server";
export { claimBatch, type Claim, type ClaimedRow } from "./claim.server";
export { sendingTimeoutMs, lanesFor, batchSizeFor } from "./config.server";
