// Test then rollout: while `testing` only group 'test' is claimed; once the test group is drained a
// `campaign.rollout-check` job runs after test_wait_minutes and rolls out or holds for the merchant. The rule:
// delivery rate at least a minimum, opt-out rate at most a maximum, and — when the merchant set them — reply rate
// and click rate of the delivered test messages at least their minimums (docs/campaigns.md).
import { pool } from "../../db.server";
import { loadCampaignRow } from "./campaign.server";
import { queueDispatch, queueRolloutCheck } from "./jobs.server";

export interface TestGroupFigures {
  testRecipients: number;
  pending: number;
  /** test messages that reached WhatsApp (accepted, or answer lost) */
  sent: number;
  delivered: number;
  optedOut: number;
  /** delivered test messages answered (recipients.replied_at) / whose link was clicked (clicked_at) */
  replied: number;
  clicked: number;
  lastSendAt: Date | null;
}

export interface RolloutRules {
  minDeliveryRate: number;
  maxOptOutRate: number;
  /** null or absent = not part of the rule */
  minReplyRate?: number | null;
  minClickRate?: number | null;
}

export async function testGroupFigures(shopId: number, campaignId: number): Promise<TestGroupFigures> {
  const { rows } = await pool().query<{
    total: number;
    pending: number;
    sent: number;
    delivered: number;
    opted_out: number;
    replied: number;
    clicked: number;
    last_send: Date | null;
  }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE r.status IN ('queued', 'sending'))::int AS pending,
            count(*) FILTER (WHERE r.wa_message_id IS NOT NULL OR r.status = 'unknown')::int AS sent,
            count(*) FILTER (WHERE r.status IN ('delivered', 'read'))::int AS delivered,
            count(*) FILTER (WHERE (r.wa_message_id IS NOT NULL OR r.status = 'unknown') AND EXISTS (
              SELECT 1 FROM consent_events e
              WHERE e.shop_id = r.shop_id AND e.phone_e164 = r.phone_e164 AND e.new_state = 'opted_out'
                -- webhook times have one-second precision: an opt-out in the second of the send counts
                AND e.at >= date_trunc('second', coalesce(r.sent_at, r.sending_at))))::int AS opted_out,
            count(*) FILTER (WHERE r.status IN ('delivered', 'read') AND r.replied_at IS NOT NULL)::int AS replied,
            count(*) FILTER (WHERE r.status IN ('delivered', 'read') AND r.clicked_at IS NOT NULL)::int AS clicked,
            max(coalesce(r.sent_at, r.sending_at)) AS last_send
     FROM recipients r
     WHERE r.shop_id = $1 AND r.campaign_id = $2 AND r."group" = 'test' AND r.status NOT IN ('excluded', 'holdout')`,
    [shopId, campaignId],
  );
  const r = rows[0]!;
  return {
    testRecipients: r.total,
    pending: r.pending,
    sent: r.sent,
    delivered: r.delivered,
    optedOut: r.opted_out,
    replied: r.replied,
    clicked: r.clicked,
    lastSendAt: r.last_send,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, "")}%`;

/** The rollout decision for a testing campaign whose test group is sent and whose waiting time is over. */
export function rolloutDecision(
  f: TestGroupFigures,
  rules: RolloutRules,
): { rollout: true } | { rollout: false; reason: string } {
  if (f.sent === 0) {
    return {
      rollout: false,
      reason: `Held after the test: no test message reached WhatsApp (${f.testRecipients} test recipients were skipped or failed), so there is nothing to judge the rollout on.`,
    };
  }
  const delivery = f.delivered / f.sent;
  const optOut = f.optedOut / f.sent;
  const problems: string[] = [];
  if (delivery < rules.minDeliveryRate) {
    problems.push(
      `delivery rate ${pct(delivery)} (${f.delivered} of ${f.sent} test messages delivered) is below the ${pct(rules.minDeliveryRate)} minimum`,
    );
  }
  if (optOut > rules.maxOptOutRate) {
    problems.push(
      `opt-out rate ${pct(optOut)} (${f.optedOut} of ${f.sent} test recipients opted out) is above the ${pct(rules.maxOptOutRate)} maximum`,
    );
  }
  // Replies and clicks are judged on what arrived: a message that was never delivered could not be answered (and
  // the delivery minimum already speaks for it). With nothing delivered the rates are 0.
  const engagement: Array<[number | null | undefined, number, string, string]> = [
    [rules.minReplyRate, f.replied, "reply rate", "answered"],
    [rules.minClickRate, f.clicked, "click rate", "clicked"],
  ];
  for (const [min, n, what, verb] of engagement) {
    if (min === null || min === undefined || min <= 0) continue;
    const rate = f.delivered ? n / f.delivered : 0;
    if (rate < min) {
      problems.push(
        `${what} ${pct(rate)} (${n} of ${f.delivered} delivered test messages ${verb}) is under your ${pct(min)} minimum`,
      );
    }
  }
  if (!problems.length) return { rollout: true };
  return {
    rollout: false,
    reason: `Held after the test: ${problems.join("; ")}. Review the test results, then roll out or cancel.`,
  };
}

export async function runRolloutCheck(args: { shopId: number; campaignId: number }): Promise<{ decision: string }> {
  const c = await loadCampaignRow(args.shopId, args.campaignId);
  if (!c || c.status !== "testing") return { decision: `campaign is ${c?.status ?? "missing"}` };
  const f = await testGroupFigures(args.shopId, args.campaignId);
  if (f.pending > 0) return { decision: "test group still sending" }; // its dispatcher schedules the check when drained
  const due = new Date((f.lastSendAt?.getTime() ?? 0) + c.test_wait_minutes * 60_000);
  if (due.getTime() > Date.now() + 1000) {
    await queueRolloutCheck(args.shopId, args.campaignId, due);
    return { decision: `waiting until ${due.toISOString()}` };
  }
  const d = rolloutDecision(f, {
    minDeliveryRate: c.rollout_min_delivery_rate,
    maxOptOutRate: c.rollout_max_opt_out_rate,
    minReplyRate: c.rollout_min_reply_rate,
    minClickRate: c.rollout_min_click_rate,
  });
  if (d.rollout) {
    const res = await pool().query(
      `UPDATE campaigns SET status = 'running', paused_reason = NULL, updated_at = now() WHERE shop_id = $1 AND id = $2 AND status = 'testing'`,
      [args.shopId, args.campaignId],
    );
    if ((res.rowCount ?? 0) > 0) await queueDispatch(args.shopId, args.campaignId);
    return { decision: "rollout" };
  }
  await pool().query(
    `UPDATE campaigns SET status = 'awaiting_decision', paused_reason = $3, updated_at = now() WHERE shop_id = $1 AND id = $2 AND status = 'testing'`,
    [args.shopId, args.campaignId, d.reason],
  );
  return { decision: "hold" };
}
