// Settings → Campaigns: the frequency cap (at most N marketing messages per contact per D days).
import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  SkeletonBodyText,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { action as settingsAction, loader as settingsLoader } from "../routes/app.settings.campaigns";
import { DEFAULT_CAMPAIGN_SETTINGS } from "../campaigns/settings";
import { FormSaveBar } from "./FormSaveBar";
import { useToast } from "./useToast";

const ROUTE = "/app/settings/campaigns";

export function CampaignSettingsCard() {
  const data = useFetcher<typeof settingsLoader>();
  const save = useFetcher<typeof settingsAction>();
  const [messages, setMessages] = useState<string | null>(null);
  const [days, setDays] = useState<string | null>(null);
  const load = useRef(data.load);
  load.current = data.load;
  useEffect(() => {
    load.current(ROUTE);
  }, []);
  const settings = data.data?.settings;
  const errors = save.data && !save.data.ok ? (save.data.errors ?? {}) : {};
  const toast = useToast();
  const form = useRef<HTMLFormElement>(null);
  const dirty =
    !!settings &&
    ((messages !== null && messages !== String(settings.frequencyCapMessages)) ||
      (days !== null && days !== String(settings.frequencyCapDays)));
  const saved = save.state === "idle" && save.data?.ok;
  useEffect(() => {
    if (!saved) return;
    toast("Frequency cap saved");
    load.current(ROUTE);
  }, [saved, save.data, toast]);
  return (
    <Layout.AnnotatedSection
      title="Campaigns"
      description="Frequency cap: how many marketing messages one contact may get from you within a number of days. Customers over it are left out of a campaign's audience (reason: frequency cap)."
    >
      <Card>
        {!settings ? (
          <SkeletonBodyText lines={3} />
        ) : (
          // noValidate: out-of-range values come back from the server as inline field errors, not browser tooltips.
          <save.Form method="post" action={ROUTE} ref={form} noValidate>
            <FormSaveBar
              id="campaign-settings-save"
              dirty={dirty}
              saving={save.state !== "idle" || data.state !== "idle"}
              onSave={() => form.current?.requestSubmit()}
              onDiscard={() => {
                setMessages(null);
                setDays(null);
              }}
            />
            <BlockStack gap="400">
              {save.data?.ok && save.state === "idle" ? (
                <Banner tone="success">Saved. Campaigns planned or started from now on use it.</Banner>
              ) : null}
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label="At most (marketing messages)"
                    name="frequencyCapMessages"
                    type="number"
                    min={0}
                    autoComplete="off"
                    value={messages ?? String(settings.frequencyCapMessages)}
                    onChange={setMessages}
                    error={errors.frequencyCapMessages}
                    helpText={`0 = no cap. Default ${DEFAULT_CAMPAIGN_SETTINGS.frequencyCapMessages}.`}
                  />
                  <TextField
                    label="Per (days)"
                    name="frequencyCapDays"
                    type="number"
                    min={1}
                    autoComplete="off"
                    value={days ?? String(settings.frequencyCapDays)}
                    onChange={setDays}
                    error={errors.frequencyCapDays}
                    helpText={`Default ${DEFAULT_CAMPAIGN_SETTINGS.frequencyCapDays} days.`}
                  />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack align="end">
                <Button submit variant="primary" loading={save.state !== "idle"}>
                  Save frequency cap
                </Button>
              </InlineStack>
            </BlockStack>
          </save.Form>
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}
