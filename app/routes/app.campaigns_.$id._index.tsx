// /app/campaigns/:id — a campaign: live progress (polls while it runs), the controls (pause / resume / cancel /
// approve the rollout), why it is paused, and every recipient with the reason for each failure or skip.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
  useSearchParams,
  useSubmit,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Pagination,
  Select,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { CampaignProgress } from "../components/campaigns/CampaignProgress";
import { UnknownRecipientsBanner } from "../components/campaigns/UnknownRecipientsBanner";
import { EmptyMessage } from "../components/EmptyMessage";
import { RouteError } from "../components/RouteError";
import { approveRollout, cancelCampaign, pauseCampaign, resumeCampaign } from "../campaigns/control.server";
import {
  ACTIVE_STATUSES,
  campaignStatus,
  EDITABLE,
  PROGRESS_STATUSES,
  RECIPIENT_STATUS,
  reasonLabel,
  unknownNotice,
  rolloutRuleText,
} from "../campaigns/labels";
import { getCampaign } from "../campaigns/manage.server";
import { campaignProgress, recipientLog } from "../campaigns/progress.server";
import { hourLabel } from "../campaigns/form";
import { formatInZone } from "../lib/zoned-time";
import { recentTestSends } from "../campaigns/test-send.server";
import { rolloutCheckTime } from "../campaigns/rollout-time.server";
import { TestSendCard } from "../components/campaigns/TestSendCard";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = idParam(params.id, "Campaign");
  const campaign = Number.isSafeInteger(id) ? await getCampaign(shop.id, id) : null;
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  const url = new URL(request.url);
  const status = url.searchParams.get("status");
  const after = url.searchParams.get("after");
  const [progress, log, testSends, rollout] = await Promise.all([
    campaignProgress(shop.id, id),
    recipientLog({ shopId: shop.id, campaignId: id, status, after }),
    recentTestSends(shop.id, id),
    rolloutCheckTime(shop.id, campaign),
  ]);
  return {
    campaign,
    progress,
    unknownNotice: unknownNotice(progress.unknown),
    log,
    testSends,
    rollout,
    filter: status ?? "",
    after,
    shopTimeZone: shop.ianaTimezone,
    queueDelayed: url.searchParams.get("queue") === "delayed",
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const campaignId = idParam(params.id, "Campaign");
  const intent = String((await request.formData()).get("intent"));
  const run = { pause: pauseCampaign, resume: resumeCampaign, cancel: cancelCampaign, approve: approveRollout }[intent];
  if (!run) return json({ ok: false, error: "Unknown action" }, { status: 400 });
  try {
    const result = await run({ shopId: shop.id, campaignId });
    return json(result, { status: result.ok ? 200 : 409 });
  } catch {
    return json(
      {
        ok: false,
        error: "The job queue is unavailable right now. The change was saved; sending continues within a minute.",
      },
      { status: 503 },
    );
  }
};

/** Store time, labelled with the zone ("Dec 7, 2026, 9:30 AM EST"), like every campaign page (issue 15 B12). */
function when(iso: string | null, tz: string) {
  return iso ? formatInZone(iso, tz) : "—";
}

export default function CampaignPage() {
  const {
    campaign: c,
    progress,
    unknownNotice,
    log,
    testSends,
    rollout,
    filter,
    after,
    shopTimeZone,
    queueDelayed,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const [, setParams] = useSearchParams();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const status = campaignStatus(c.status);
  const live = ACTIVE_STATUSES.includes(c.status) || c.status === "scheduled";
  const act = (intent: string) => submit({ intent }, { method: "post" });
  const busy = navigation.state !== "idle";

  // Live progress: reload every 3 s while the campaign is scheduled or running.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(
      () => revalidator.state === "idle" && document.visibilityState === "visible" && revalidator.revalidate(),
      3000,
    );
    return () => clearInterval(timer);
  }, [live, revalidator]);

  const secondary = [
    ...(EDITABLE.includes(c.status) ? [{ content: "Edit", url: `/app/campaigns/${c.id}/edit` }] : []),
    ...(["running", "testing", "awaiting_decision"].includes(c.status)
      ? [{ content: "Pause", onAction: () => act("pause"), disabled: busy }]
      : []),
    ...(!["completed", "cancelled", "failed"].includes(c.status)
      ? [{ content: "Cancel campaign", destructive: true, onAction: () => setConfirmCancel(true), disabled: busy }]
      : []),
    ...(c.startedAt ? [{ content: "View report", url: `/app/campaigns/${c.id}/report` }] : []),
  ];
  const primary =
    c.status === "paused"
      ? { content: "Resume", onAction: () => act("resume"), loading: busy }
      : c.status === "awaiting_decision"
        ? { content: "Roll out to everyone", onAction: () => act("approve"), loading: busy }
        : undefined;

  const rows = log.rows.map((r) => [
    <BlockStack key={r.id} gap="050">
      <Text as="span">{r.name ?? `Customer ${r.customerId}`}</Text>
      <Text as="span" tone="subdued" variant="bodySm">
        {r.phone ?? "no phone"}
        {r.country ? ` · ${r.country}` : ""}
      </Text>
    </BlockStack>,
    r.segment ?? "—",
    r.status === "excluded" ? "—" : r.group,
    <Badge
      key="s"
      tone={
        r.status === "failed"
          ? "critical"
          : r.status === "read" || r.status === "delivered"
            ? "success"
            : r.status === "unknown"
              ? "warning"
              : undefined
      }
    >
      {RECIPIENT_STATUS[r.status]?.label ?? r.status}
    </Badge>,
    r.errorCode
      ? `${r.errorCode} ${r.errorTitle ?? ""}`.trim()
      : r.reason
        ? reasonLabel(r.reason)
        : r.status === "queued" && r.notBefore && new Date(r.notBefore) > new Date()
          ? `waits until ${when(r.notBefore, shopTimeZone)} (quiet hours)`
          : "",
    when(r.at, shopTimeZone),
  ]);

  return (
    <Page
      title={c.name}
      titleMetadata={
        <Badge tone={status.tone} progress={status.progress}>
          {status.label}
        </Badge>
      }
      subtitle={`${c.templateName ?? "template deleted"} · ${c.segments.map((s) => s.name).join(", ")}`}
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
      primaryAction={primary}
      secondaryActions={secondary}
    >
      <Layout>
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical">{result.error}</Banner>
          </Layout.Section>
        ) : null}
        {queueDelayed && c.status === "scheduled" ? (
          <Layout.Section>
            <Banner tone="warning">
              Scheduled. The job queue was unavailable; the start is booked automatically within a minute.
            </Banner>
          </Layout.Section>
        ) : null}
        {c.status === "paused" || c.status === "awaiting_decision" || c.status === "failed" ? (
          <Layout.Section>
            <Banner
              tone={c.status === "failed" ? "critical" : "warning"}
              title={
                c.status === "awaiting_decision"
                  ? "The test finished: your decision is needed"
                  : c.status === "failed"
                    ? "The campaign could not start"
                    : "The campaign is paused"
              }
            >
              <p data-testid="paused-reason">{c.pausedReason ?? (c.status === "paused" ? "Paused." : "")}</p>
              {c.status === "paused" ? (
                <p>
                  Nothing new is sent. Messages already handed to WhatsApp still arrive, so delivered and read counts
                  keep moving for a while.
                </p>
              ) : null}
              {c.status === "awaiting_decision" ? (
                <p>Roll out to everyone, or cancel the campaign: nobody outside the test has been messaged.</p>
              ) : null}
            </Banner>
          </Layout.Section>
        ) : null}
        {unknownNotice ? (
          <Layout.Section>
            <UnknownRecipientsBanner notice={unknownNotice} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Progress
              </Text>
              {c.status === "draft" ? (
                <Text as="p" tone="subdued">
                  A draft: review its plan and schedule it from <Link url={`/app/campaigns/${c.id}/edit`}>Edit</Link>.
                </Text>
              ) : c.status === "scheduled" ? (
                <Text
                  as="p"
                  tone="subdued"
                >{`Starts ${when(c.scheduledAt, shopTimeZone)} (${shopTimeZone}). The audience is taken at that moment.`}</Text>
              ) : (
                <CampaignProgress progress={progress} />
              )}
              {rollout ? (
                <Text as="p" data-testid="rollout-check-time">
                  {rollout.at
                    ? `Rollout check at ${when(rollout.at, shopTimeZone)}: ${rollout.waitMinutes} minutes after the last test message.`
                    : `Rollout check ${rollout.waitMinutes} minutes after the last test message (${rollout.pending.toLocaleString("en")} of ${rollout.testRecipients.toLocaleString("en")} still to send).`}
                </Text>
              ) : null}
              {c.startedAt ? (
                <Text as="p" tone="subdued" variant="bodySm">
                  {`Started ${when(c.startedAt, shopTimeZone)}${c.completedAt ? ` · finished ${when(c.completedAt, shopTimeZone)}` : ""} · `}
                  <Link url={`/app/campaigns/${c.id}/report`}>Report: revenue, segments and lift</Link>
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Settings
              </Text>
              <Text as="p">{`Test: ${rolloutRuleText(c)}`}</Text>
              <Text as="p">{`Holdout: ${c.segments.map((s) => `${s.name} ${Math.round(s.holdoutShare * 100)}%`).join(", ")}`}</Text>
              <Text as="p">{`Quiet hours: ${c.quietHoursStart !== null && c.quietHoursEnd !== null ? `${hourLabel(c.quietHoursStart)}–${hourLabel(c.quietHoursEnd)} in each customer's time` : "none"}`}</Text>
              <Text as="p">{`Discount codes: ${c.discountCodes.length ? c.discountCodes.join(", ") : "none"}`}</Text>
            </BlockStack>
          </Card>
          {["completed", "cancelled", "failed"].includes(c.status) ? null : (
            <Box paddingBlockStart="400">
              <TestSendCard campaignId={c.id} recent={testSends} timeZone={shopTimeZone} />
            </Box>
          )}
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Recipients
                </Text>
                <div style={{ minWidth: 220 }}>
                  <Select
                    label="Status"
                    labelInline
                    options={[
                      { label: "All", value: "" },
                      ...PROGRESS_STATUSES.map((s) => ({
                        label: `${RECIPIENT_STATUS[s]!.label} (${progress[s].toLocaleString("en")})`,
                        value: s,
                      })),
                    ]}
                    value={filter}
                    onChange={(v) => setParams(v ? { status: v } : {})}
                  />
                </div>
              </InlineStack>
            </Box>
            {rows.length === 0 ? (
              <EmptyMessage heading={c.startedAt ? "No recipient with this status" : "No recipients yet"}>
                {c.startedAt
                  ? "Choose another status above."
                  : "Recipients appear when the campaign starts: the audience is taken from its segments at that moment."}
              </EmptyMessage>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                headings={["Customer", "Segment", "Group", "Status", "Reason", "Last change"]}
                rows={rows}
              />
            )}
            <Box padding="400">
              <Pagination
                hasPrevious={Boolean(after)}
                onPrevious={() => setParams(filter ? { status: filter } : {})}
                previousTooltip="First page"
                hasNext={Boolean(log.next)}
                onNext={() => setParams({ ...(filter ? { status: filter } : {}), after: log.next! })}
              />
            </Box>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmCancel}
        onClose={() => setConfirmCancel(false)}
        title="Cancel this campaign?"
        primaryAction={{
          content: "Cancel campaign",
          destructive: true,
          onAction: () => {
            setConfirmCancel(false);
            act("cancel");
          },
        }}
        secondaryActions={[{ content: "Keep it", onAction: () => setConfirmCancel(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            Messages not sent yet are skipped and cannot be sent later. Messages already sent stay sent, and the report
            keeps counting their orders.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Campaign" />;
}
