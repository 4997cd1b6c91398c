// The Dashboard's setup guide (Shopify admin's pattern): the steps from install to a first campaign, each with
// its state and a link; the next step to do is the one with the primary button. Not rendered once all are done.
import { BlockStack, Box, Button, Card, Icon, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { CheckCircleIcon } from "@shopify/polaris-icons";
import { Await } from "@remix-run/react";
import { Suspense } from "react";
import type { SetupChecklist as Checklist } from "../dashboard/setup.server";
import { consentStep, type SetupStep } from "../dashboard/setup";

/** An empty circle the size of a Polaris icon (the icon set has none): a step still to do. */
const TODO_MARK = (
  <span
    style={{
      display: "inline-block",
      width: 16,
      height: 16,
      margin: 2,
      borderRadius: "50%",
      border: "1.5px dashed #8A8A8A",
      boxSizing: "border-box",
    }}
  />
);

/** The checklist; the consent step fills in when the streamed count arrives (same rows, so nothing moves). */
export function SetupChecklist({
  checklist,
  audience,
}: {
  checklist: Checklist;
  audience: Promise<{ eligible: number; total: number }>;
}) {
  if (checklist.complete) return null;
  const withConsent = (a: { eligible: number; total: number } | null) =>
    checklist.steps.map((s) => s ?? consentStep(a, checklist.reached));
  return (
    <Suspense fallback={<Steps steps={withConsent(null)} />}>
      <Await resolve={audience} errorElement={<Steps steps={withConsent(null)} />}>
        {(a) => <Steps steps={withConsent(a)} />}
      </Await>
    </Suspense>
  );
}

function Steps({ steps }: { steps: SetupStep[] }) {
  const next = steps.find((s) => !s.done);
  const done = steps.filter((s) => s.done).length;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Set up your first campaign
          </Text>
          <Text as="p" tone="subdued">
            {`${done} of ${steps.length} steps done. Follow them in order: each one needs the one before.`}
          </Text>
          <div style={{ maxWidth: 320 }}>
            <ProgressBar progress={(done / steps.length) * 100} size="small" tone="success" />
          </div>
        </BlockStack>
        <BlockStack gap="0" as="ol">
          {steps.map((s, i) => (
            <li key={s.key} style={{ listStyle: "none" }} data-testid={`setup-step-${s.key}`} data-done={s.done}>
              <Box
                paddingBlock="300"
                borderBlockStartWidth={i === 0 ? undefined : "025"}
                borderColor="border-secondary"
              >
                <InlineStack gap="300" align="space-between" blockAlign="center" wrap={false}>
                  <InlineStack gap="300" blockAlign="start" wrap={false}>
                    <span aria-hidden>{s.done ? <Icon source={CheckCircleIcon} tone="success" /> : TODO_MARK}</span>
                    <BlockStack gap="050">
                      <Text as="h3" fontWeight="semibold" tone={s.done ? "subdued" : undefined}>
                        {`${i + 1}. ${s.title}`}
                        <Text as="span" visuallyHidden>
                          {s.done ? " (done)" : " (to do)"}
                        </Text>
                      </Text>
                      <Text as="p" tone="subdued" variant="bodySm">
                        {s.detail}
                      </Text>
                    </BlockStack>
                  </InlineStack>
                  <div style={{ flexShrink: 0 }}>
                    <Button url={s.action.url} variant={s === next ? "primary" : "plain"}>
                      {s.action.content}
                    </Button>
                  </div>
                </InlineStack>
              </Box>
            </li>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
