// What one send's answer (or error) means for its row: the outcome kinds and the error classification.
import { WhatsAppApiError } from "../../whatsapp/errors";
import { campaignPausingError, pauseReasonFor } from "../pause.server";
import { PAIR_INTERVAL_MS } from "../rates.server";
import type { ClaimedRow } from "./claim.server";

export type Outcome =
  | { kind: "sent"; wamid: string; at: Date }
  | { kind: "failed"; code: number | null; title: string; counted: boolean }
  | { kind: "skipped"; reason: string }
  /** back to queued: not sent (pacing refusal, aborted batch, transient error); `counted` = an API call was refused */
  | {
      kind: "requeue";
      notBefore: Date | null;
      counted: boolean;
      code?: number | null;
      title?: string;
      pairHeld?: boolean;
    }
  /** the answer was lost: stays `sending` for the reconciler */
  | { kind: "in_doubt" }
  /** never attempted: the lease ran out and the row went back to queued (or to another lane); not ours to settle */
  | { kind: "lease_lost" };

function transportNeverConnected(err: WhatsAppApiError): boolean {
  // The request never left this machine (no connection): safe to try again, nothing can have been accepted.
  return err.code === null && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(err.message);
}

/** What one send's error means for its row, and whether the batch must stop. */
export function outcomeOfError(
  err: unknown,
  row: ClaimedRow,
): { outcome: Outcome; abort?: "pause" | "backoff"; pauseReason?: string; penaltyMs?: number } {
  if (!(err instanceof WhatsAppApiError)) {
    // Not an answer from Meta we can read (a bug, a malformed body): the send may have happened.
    return { outcome: { kind: "in_doubt" } };
  }
  const now = Date.now();
  if (err.code === null) {
    if (transportNeverConnected(err))
      return {
        outcome: { kind: "requeue", notBefore: new Date(now + 5000), counted: false },
        abort: "backoff",
        penaltyMs: 5000,
      };
    return { outcome: { kind: "in_doubt" } };
  }
  const p = err.policy;
  const title = `${err.code}: ${p.meaning}`;
  if (err.code === 130429) {
    return { outcome: { kind: "requeue", notBefore: null, counted: false }, penaltyMs: p.retryAfterMs ?? 1000 };
  }
  if (err.code === 131056) {
    return {
      outcome: { kind: "requeue", notBefore: new Date(now + PAIR_INTERVAL_MS), counted: false, pairHeld: true },
    };
  }
  if (err.code === 131049) {
    // Meta's per-customer marketing cap: no retry for 24 h; this campaign's message is skipped (documented rule).
    return { outcome: { kind: "skipped", reason: "cool_down" } };
  }
  if (campaignPausingError(err.code)) {
    return {
      outcome: { kind: "requeue", notBefore: null, counted: true, code: err.code, title },
      abort: "pause",
      pauseReason: pauseReasonFor(err.code),
    };
  }
  if (p.class === "retry") {
    const attempts = row.attempts + 1;
    if (attempts >= (p.maxAttempts ?? 5)) return { outcome: { kind: "failed", code: err.code, title, counted: true } };
    const wait = (p.retryAfterMs ?? 5000) * attempts;
    const numberWide = p.scope === "number" || p.scope === "shop";
    return {
      outcome: { kind: "requeue", notBefore: new Date(now + wait), counted: true, code: err.code, title },
      ...(numberWide ? { abort: "backoff" as const, penaltyMs: p.retryAfterMs ?? 5000 } : {}),
    };
  }
  return { outcome: { kind: "failed", code: err.code, title, counted: true } };
}
