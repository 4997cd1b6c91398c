// The report's lift section: messaged against held-out customers with 95% confidence intervals, drawn as
// intervals (not bare bars, which hide how uncertain a small holdout is), and the one thing merchants misread
// most — a positive ROI on credited revenue beside a negative or uncertain incremental revenue — explained.
import { Banner, BlockStack, Card, DataTable, InlineGrid, Text } from "@shopify/polaris";
import type { CampaignReport } from "../../attribution/report.server";
import { wilson } from "../../attribution/lift";
import { count, money, moneyWithInterval, percent, pointsWithInterval, roi } from "../../attribution/format";
import { describeHours } from "../../attribution/windows";
import { formatInZone } from "../../lib/zoned-time";

type Lift = NonNullable<CampaignReport["lift"]>["campaign"];

interface Row {
  label: string;
  estimate: number;
  low: number;
  high: number;
  colour: string;
}

/** A dot at the estimate and a line across its 95% interval, for each row, on one shared percentage axis. */
export function IntervalChart({ rows, zero = false }: { rows: Row[]; zero?: boolean }) {
  const lo = Math.min(0, ...rows.map((r) => r.low));
  const hi = Math.max(...rows.map((r) => r.high), lo + 0.0001);
  const pad = (hi - lo) * 0.08;
  const [min, max] = [lo - (lo < 0 ? pad : 0), hi + pad];
  const x = (v: number) => 150 + ((v - min) / (max - min)) * 330;
  const rowH = 34;
  const height = rows.length * rowH + 28;
  const ticks = [min, (min + max) / 2, max].map((t) => (Math.abs(t) < 1e-9 ? 0 : t));
  return (
    <svg
      viewBox={`0 0 500 ${height}`}
      width="100%"
      role="img"
      aria-label={rows
        .map((r) => `${r.label} ${percent(r.estimate, 2)} (95% interval ${percent(r.low, 2)} to ${percent(r.high, 2)})`)
        .join("; ")}
      data-testid="lift-interval-chart"
    >
      {zero ? <line x1={x(0)} x2={x(0)} y1={4} y2={height - 22} stroke="#8A8A8A" strokeDasharray="3 3" /> : null}
      {rows.map((r, i) => {
        const y = 18 + i * rowH;
        return (
          <g key={r.label}>
            <text x={0} y={y + 4} fontSize="12" fill="#303030">
              {r.label}
            </text>
            <line x1={x(r.low)} x2={x(r.high)} y1={y} y2={y} stroke={r.colour} strokeWidth={3} />
            <line x1={x(r.low)} x2={x(r.low)} y1={y - 6} y2={y + 6} stroke={r.colour} strokeWidth={2} />
            <line x1={x(r.high)} x2={x(r.high)} y1={y - 6} y2={y + 6} stroke={r.colour} strokeWidth={2} />
            <circle cx={x(r.estimate)} cy={y} r={5} fill={r.colour} />
          </g>
        );
      })}
      {ticks.map((t, i) => (
        <text key={i} x={x(t)} y={height - 6} fontSize="11" fill="#616161" textAnchor="middle">
          {percent(t, 1)}
        </text>
      ))}
    </svg>
  );
}

/** Conversion of each group with its Wilson interval, and the difference with its Newcombe interval. */
function LiftChart({ c }: { c: Lift }) {
  const group = (label: string, g: Lift["messaged"], colour: string): Row => ({
    label,
    estimate: g.conversionRate,
    ...wilson(g.converted, g.n),
    colour,
  });
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Conversion rate, with its 95% confidence interval
      </Text>
      <IntervalChart rows={[group("Messaged", c.messaged, "#0094D5"), group("Held out", c.holdout, "#9E77ED")]} />
      {c.conversionDifference ? (
        <IntervalChart zero rows={[{ label: "Difference", ...c.conversionDifference, colour: "#29845A" }]} />
      ) : (
        <Text as="p" tone="subdued" variant="bodySm">
          The groups are too small for an interval on the difference.
        </Text>
      )}
    </BlockStack>
  );
}

/**
 * Why ROI can be positive while incremental revenue is negative: ROI is on credited revenue (every order after a
 * message), the lift compares with customers who got nothing. Shown whenever the lift does not back the ROI.
 */
export function roiVersusLift(report: CampaignReport): string | null {
  const inc = report.lift?.campaign.incrementalRevenue;
  const r = report.totals.roi;
  if (!inc || r === null || r <= 0 || inc.low > 0) return null;
  const cost = report.totals.costMinor === null ? null : Number(report.totals.costMinor);
  const signed = (v: number) =>
    `${v < 0 ? "−" : "+"}${money(BigInt(Math.round(Math.abs(v))), report.currency, report.exponent)}`;
  const measured = cost ? roi((inc.estimate - cost) / cost) : null;
  return [
    `The ROI of ${roi(r)} counts every credited order: orders placed after a message, whether or not the message caused them.`,
    `The holdout measures what the campaign added: ${signed(inc.estimate)} (95% interval ${signed(inc.low)} to ${signed(inc.high)})`,
    inc.estimate < 0
      ? "— held-out customers bought about as much or more without a message."
      : "— an interval that includes nothing added.",
    measured ? `On that measured revenue, the ROI would be ${measured}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

export function ReportLift({ report, timeZone }: { report: CampaignReport; timeZone: string }) {
  const lift = report.lift;
  const m = (v: number) => money(BigInt(Math.round(v)), report.currency, report.exponent);
  if (!lift) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Lift against a holdout
          </Text>
          <Text as="p" tone="subdued">
            This campaign had no holdout group. Keep a holdout (10% is usual) in the next campaign to see how much of
            the credited revenue would have come anyway.
          </Text>
        </BlockStack>
      </Card>
    );
  }
  const c = lift.campaign;
  const tone = c.verdict.kind === "measured" ? "success" : c.verdict.kind === "inconclusive" ? "info" : "warning";
  const roiNote = roiVersusLift(report);
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Lift against the holdout
        </Text>
        <Banner tone={tone}>
          <p>{c.verdict.message}</p>
        </Banner>
        {roiNote ? (
          <Banner tone="warning" title="Why ROI and incremental revenue disagree">
            <p data-testid="roi-vs-lift">{roiNote}</p>
          </Banner>
        ) : null}
        {!lift.complete ? (
          <Text as="p" tone="caution">
            Still measuring: the last group&apos;s {describeHours(lift.windowHours)} window ends{" "}
            {formatInZone(lift.measuredUntil, timeZone)}. These figures can still change.
          </Text>
        ) : null}
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <DataTable
            columnContentTypes={["text", "numeric", "numeric"]}
            headings={["", "Messaged", "Held out"]}
            rows={[
              ["Customers", count(c.messaged.n), count(c.holdout.n)],
              ["Bought", count(c.messaged.converted), count(c.holdout.converted)],
              ["Conversion rate", percent(c.messaged.conversionRate, 2), percent(c.holdout.conversionRate, 2)],
              ["Revenue per customer", m(c.messaged.revenuePerRecipient), m(c.holdout.revenuePerRecipient)],
            ]}
          />
          <LiftChart c={c} />
        </InlineGrid>
        <DataTable
          columnContentTypes={["text", "text"]}
          headings={["Difference (95% confidence interval)", ""]}
          rows={[
            ["Conversion rate", pointsWithInterval(c.conversionDifference)],
            [
              "Revenue per customer",
              moneyWithInterval(c.revenuePerRecipientDifference, report.currency, report.exponent),
            ],
            ["Incremental revenue", moneyWithInterval(c.incrementalRevenue, report.currency, report.exponent)],
            [
              "Extra buyers",
              c.incrementalConversions
                ? `${c.incrementalConversions.estimate.toFixed(0)} (${c.incrementalConversions.low.toFixed(0)} to ${c.incrementalConversions.high.toFixed(0)})`
                : "—",
            ],
          ]}
        />
        {lift.segments.length > 1 ? (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "text", "text"]}
            headings={["Segment", "Messaged", "Held out", "Conversion difference", "Verdict"]}
            rows={lift.segments.map((s) => [
              s.segmentName,
              count(s.lift.messaged.n),
              count(s.lift.holdout.n),
              pointsWithInterval(s.lift.conversionDifference),
              s.lift.verdict.kind === "measured"
                ? "Measured"
                : s.lift.verdict.kind === "inconclusive"
                  ? "Within the margin of error"
                  : "Too small to say",
            ])}
          />
        ) : null}
        <Text as="p" variant="bodySm" tone="subdued">
          Every customer is followed for {describeHours(lift.windowHours)} from when the message went out (held-out
          customers from the first send to their segment). All their orders count here, credited or not, after refunds
          and without cancelled ones. Conversion: Wilson intervals per group, Newcombe interval for the difference;
          revenue per customer: Welch interval.
        </Text>
      </BlockStack>
    </Card>
  );
}
