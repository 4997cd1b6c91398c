// Settings → Attribution: the click and view windows, and the progress of re-attributing history after a change.
import { Link, useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  ProgressBar,
  SkeletonBodyText,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { loader as settingsLoader, action as settingsAction } from "../routes/app.settings.attribution";
import { DEFAULT_WINDOWS, describeHours } from "../attribution/windows";
import { formatInZone } from "../lib/zoned-time";

const ROUTE = "/app/settings/attribution";

/** The click window cannot be off (unlike the view window), so 0 or less reads as what to enter, never "within off". */
function clickHelp(value: string): string {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours < 1) return "At least 1 hour: orders within it of a click on the message count.";
  return `Orders within ${describeHours(hours)} of a click on the message.`;
}

/** `timeZone`: the store's, for the last re-credit time. */
export function AttributionSettingsCard({ timeZone }: { timeZone: string }) {
  const data = useFetcher<typeof settingsLoader>();
  const save = useFetcher<typeof settingsAction>();
  const [click, setClick] = useState<string | null>(null);
  const [view, setView] = useState<string | null>(null);

  // Load once, then poll while a re-attribution is queued or running (or was just requested).
  const load = useRef(data.load);
  load.current = data.load;
  useEffect(() => {
    load.current(ROUTE);
  }, []);
  const run = data.data?.run ?? null;
  const busy = Boolean(run && (run.status === "queued" || run.status === "running"));
  const justSaved = save.state === "idle" && save.data?.ok === true;
  useEffect(() => {
    if (justSaved) load.current(ROUTE);
  }, [justSaved, save.data]);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => load.current(ROUTE), 1500);
    return () => clearInterval(timer);
  }, [busy]);

  const windows = data.data?.windows;
  const errors =
    save.data && !save.data.ok && "errors" in save.data ? (save.data.errors as Record<string, string>) : {};
  const clickValue = click ?? String(windows?.clickWindowHours ?? "");
  const viewValue = view ?? String(windows?.viewWindowHours ?? "");

  return (
    <Layout.AnnotatedSection
      title="Attribution"
      description="When an order counts for a WhatsApp message. Changing a window re-credits your whole order history in the background."
    >
      <Card>
        {!windows ? (
          <SkeletonBodyText lines={4} />
        ) : (
          // noValidate: out-of-range hours come back from the server as inline field errors, not browser tooltips.
          <save.Form method="post" action={ROUTE} noValidate>
            <BlockStack gap="400">
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label="Click window (hours)"
                    name="clickWindowHours"
                    type="number"
                    value={clickValue}
                    onChange={setClick}
                    error={errors.clickWindowHours}
                    helpText={`${clickHelp(clickValue)} Default ${describeHours(DEFAULT_WINDOWS.clickWindowHours)}.`}
                    autoComplete="off"
                  />
                  <TextField
                    label="View window (hours)"
                    name="viewWindowHours"
                    type="number"
                    value={viewValue}
                    onChange={setView}
                    error={errors.viewWindowHours}
                    helpText={`Without a click: orders within ${describeHours(Number(viewValue) || 0)} of the message being delivered or read. 0 turns it off. Default ${describeHours(DEFAULT_WINDOWS.viewWindowHours)}.`}
                    autoComplete="off"
                  />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="p" variant="bodySm" tone="subdued">
                  Held-out customers are never credited. <Link to="/app/settings/prices">Message prices</Link> set the
                  cost side of ROI.
                </Text>
                <Button submit variant="primary" loading={save.state !== "idle"}>
                  Save windows
                </Button>
              </InlineStack>
              {save.data?.ok && "changed" in save.data && !save.data.changed ? (
                <Text as="p" tone="subdued">
                  Nothing changed.
                </Text>
              ) : null}
              {run ? (
                <Box>
                  {busy ? (
                    <BlockStack gap="100">
                      <Text as="p">Re-crediting your order history with the new windows…</Text>
                      <ProgressBar progress={run.status === "running" ? 60 : 15} size="small" animated />
                    </BlockStack>
                  ) : run.status === "failed" ? (
                    <Banner tone="critical" title="Re-crediting failed">
                      <p>{run.error ?? "Unknown error"}. It is retried automatically.</p>
                    </Banner>
                  ) : (
                    <Text as="p" variant="bodySm" tone="subdued">
                      Last re-credited {run.finishedAt ? formatInZone(run.finishedAt, timeZone) : ""}:{" "}
                      {run.ordersCredited.toLocaleString("en")} of {run.ordersConsidered.toLocaleString("en")} orders
                      credited (click {describeHours(run.clickWindowHours)}, view {describeHours(run.viewWindowHours)}).
                    </Text>
                  )}
                </Box>
              ) : null}
            </BlockStack>
          </save.Form>
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}
