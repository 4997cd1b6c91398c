// Create and edit pages share this: the form on the left, the send plan (loaded separately, it reads the whole
// audience) below it. A new campaign is saved as a draft first: the plan needs its id (groups hash on it).
import { useFetcher, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  Layout,
  Modal,
  Page,
  SkeletonBodyText,
  SkeletonDisplayText,
  Text,
} from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { liveFieldErrors, type FieldErrors } from "../../campaigns/form";
import type { loader as planLoader } from "../../routes/app.campaigns_.$id.plan";
import {
  CampaignForm,
  toFormData,
  type CampaignFormValues,
  type SegmentChoice,
  type TemplateChoice,
} from "./CampaignForm";
import { planCostLabel, SendPlan } from "./SendPlan";
import { TestSendCard } from "./TestSendCard";
import type { TestSendRow } from "../../campaigns/test-send.server";

export interface EditorProps {
  campaignId: number | null;
  status: string;
  initial: CampaignFormValues;
  templates: TemplateChoice[];
  segments: SegmentChoice[];
  shopTimeZone: string;
  currencyExponent: number;
  errors: FieldErrors;
  saved: boolean;
  /** recent tests to the merchant's phone (saved campaigns only) */
  testSends?: TestSendRow[];
}

export function CampaignEditor(p: EditorProps) {
  const [values, setValues] = useState(p.initial);
  const [savedJson, setSavedJson] = useState(JSON.stringify(p.initial));
  const submit = useSubmit();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const intent = navigation.formData?.get("intent");
  const plan = useFetcher<typeof planLoader>();
  const dirty = JSON.stringify(values) !== savedJson;

  const loadPlan = useRef(plan.load);
  loadPlan.current = plan.load;
  useEffect(() => {
    if (p.campaignId === null) return;
    setSavedJson(JSON.stringify(p.initial));
    loadPlan.current(`/app/campaigns/${p.campaignId}/plan`);
    // reload after every save (the loader data changes)
  }, [p.campaignId, p.initial]);

  // The values last sent: a field error stays only while its field still holds what was sent (issue 15 B4).
  const [submitted, setSubmitted] = useState<CampaignFormValues | null>(null);
  const errors = useMemo(
    () =>
      liveFieldErrors(
        p.errors,
        submitted as unknown as Record<string, unknown> | null,
        values as unknown as Record<string, unknown>,
      ),
    [p.errors, submitted, values],
  );
  const send = (action: "draft" | "schedule") => {
    setSubmitted(values);
    submit({ intent: action, ...toFormData(values, action === "draft" ? "draft" : values.when) }, { method: "post" });
  };

  const [confirmSend, setConfirmSend] = useState(false);
  const isNew = p.campaignId === null;
  const formError = errors.form;
  const planData = plan.data && "plan" in plan.data ? plan.data.plan : null;
  const planError = plan.data && "error" in plan.data ? plan.data.error : null;

  return (
    <Page
      title={isNew ? "New campaign" : `Edit ${p.initial.name || "campaign"}`}
      backAction={{ content: "Campaigns", url: isNew ? "/app/campaigns" : `/app/campaigns/${p.campaignId}` }}
      primaryAction={
        isNew
          ? { content: "Save and review the plan", loading: busy, onAction: () => send("draft") }
          : {
              content: values.when === "later" ? "Schedule" : "Send now",
              loading: busy && intent === "schedule",
              disabled: busy,
              // Sending now spends money at once and cannot be recalled: confirm with the plan's figures (B6).
              onAction: () => (values.when === "later" ? send("schedule") : setConfirmSend(true)),
            }
      }
      secondaryActions={
        isNew
          ? []
          : [
              {
                content: p.status === "scheduled" ? "Unschedule and save as draft" : "Save draft and update the plan",
                loading: busy && intent === "draft",
                disabled: busy,
                onAction: () => send("draft"),
              },
            ]
      }
    >
      <Layout>
        {Object.keys(errors).length ? (
          <Layout.Section>
            <Banner tone="critical" title="The campaign was not saved">
              {formError ?? "Check the fields marked below."}
            </Banner>
          </Layout.Section>
        ) : p.saved && !dirty ? (
          <Layout.Section>
            <Banner tone="success">Saved as a draft. Review the plan, then schedule it.</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <CampaignForm
            templates={p.templates}
            segments={p.segments}
            values={values}
            onChange={setValues}
            errors={errors}
            shopTimeZone={p.shopTimeZone}
          />
        </Layout.Section>
        <Layout.Section>
          {isNew ? (
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Send plan
                </Text>
                <Text as="p" tone="subdued">
                  Save the campaign to see who gets it, who is excluded and why, how long it takes within Meta&apos;s
                  limits, and what it costs.
                </Text>
              </BlockStack>
            </Card>
          ) : planError ? (
            <Banner
              tone="critical"
              title="The plan could not be computed"
              action={{ content: "Try again", onAction: () => loadPlan.current(`/app/campaigns/${p.campaignId}/plan`) }}
            >
              {planError}
            </Banner>
          ) : !planData || plan.state === "loading" ? (
            <Card>
              <BlockStack gap="300">
                <SkeletonDisplayText size="small" />
                <Text as="p" tone="subdued">
                  Computing the plan over every member of the chosen segments…
                </Text>
                <SkeletonBodyText lines={6} />
              </BlockStack>
            </Card>
          ) : (
            <BlockStack gap="200">
              {dirty ? (
                <Banner tone="info">
                  You have unsaved changes: the plan shows the saved campaign. Save the draft to update it.
                </Banner>
              ) : null}
              <SendPlan plan={planData} currencyExponent={p.currencyExponent} timeZone={p.shopTimeZone} />
            </BlockStack>
          )}
        </Layout.Section>
        {p.campaignId !== null ? (
          <Layout.Section>
            <TestSendCard campaignId={p.campaignId} recent={p.testSends ?? []} timeZone={p.shopTimeZone} />
          </Layout.Section>
        ) : null}
      </Layout>
      <Modal
        open={confirmSend}
        onClose={() => setConfirmSend(false)}
        title="Send this campaign now?"
        primaryAction={{
          content: planData && !dirty ? `Send ${planData.toSend.toLocaleString("en")} messages` : "Send now",
          onAction: () => {
            setConfirmSend(false);
            send("schedule");
          },
        }}
        secondaryActions={[{ content: "Not yet", onAction: () => setConfirmSend(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            {planData && !dirty ? (
              <Text as="p">
                {`${planData.toSend.toLocaleString("en")} WhatsApp messages start going out now, at an estimated ${planCostLabel(planData, p.currencyExponent)} (${planData.cost.category.toLowerCase()} rate; Meta bills each delivered message).`}
              </Text>
            ) : (
              <Text as="p">
                Messages start going out now and Meta bills each one delivered. Save the draft first to see how many and
                what they cost in the send plan.
              </Text>
            )}
            <Text as="p" tone="subdued">
              A message sent cannot be recalled. You can pause the campaign from its page; messages already handed to
              WhatsApp still arrive.
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
