// The campaign form: template + variable mapping, ordered segments with a holdout share each, discount codes,
// test-then-rollout, quiet hours and when to send. Controlled here; the route posts it as form fields.
import {
  Badge,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineError,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { TemplateMappingEditor } from "../TemplateMappingEditor";
import { RolloutRuleFields } from "./RolloutRuleFields";
import { asTemplateLike, mappingIssues, suggestMapping, type TemplateMapping } from "../../whatsapp/mapping";
import type { TemplateComponent } from "../../whatsapp/types";
import { formatInZone, localInputValue } from "../../lib/zoned-time";
import {
  DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT,
  DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT,
  DEFAULT_TEST_WAIT_MINUTES,
  hourLabel,
  pastTimeMessage,
  SUGGESTED_HOLDOUT_PERCENT,
  type FieldErrors,
} from "../../campaigns/form";

export interface TemplateChoice {
  id: number;
  name: string;
  language: string;
  category: string;
  parameterFormat: string;
  components: TemplateComponent[];
  defaultMapping: TemplateMapping | null;
}

export interface SegmentChoice {
  id: number;
  name: string;
  members: number;
}

export interface CampaignFormValues {
  name: string;
  templateId: string;
  mapping: TemplateMapping;
  segments: Array<{ segmentId: number; holdoutPercent: string }>;
  discountCodes: string;
  testPercent: string;
  testWaitMinutes: string;
  rolloutMinDeliveryPercent: string;
  rolloutMaxOptOutPercent: string;
  /** "" = not part of the rollout rule */
  rolloutMinReplyPercent: string;
  rolloutMinClickPercent: string;
  quietHours: boolean;
  quietStart: string;
  quietEnd: string;
  when: "now" | "later";
  scheduledLocal: string;
}

export function defaultValues(): CampaignFormValues {
  return {
    name: "",
    templateId: "",
    mapping: { version: 1, params: {} },
    segments: [],
    discountCodes: "",
    testPercent: "0",
    testWaitMinutes: String(DEFAULT_TEST_WAIT_MINUTES),
    rolloutMinDeliveryPercent: String(DEFAULT_ROLLOUT_MIN_DELIVERY_PERCENT),
    rolloutMaxOptOutPercent: String(DEFAULT_ROLLOUT_MAX_OPT_OUT_PERCENT),
    rolloutMinReplyPercent: "",
    rolloutMinClickPercent: "",
    quietHours: true,
    quietStart: "21",
    quietEnd: "9",
    when: "now",
    scheduledLocal: "",
  };
}

/** The values as the form fields the action reads (campaignFormSchema). */
export function toFormData(v: CampaignFormValues, when: "draft" | "now" | "later"): Record<string, string> {
  return {
    name: v.name,
    templateId: v.templateId,
    mapping: JSON.stringify(v.mapping),
    segments: JSON.stringify(
      v.segments.map((s) => ({ segmentId: s.segmentId, holdoutPercent: Number(s.holdoutPercent || 0) })),
    ),
    discountCodes: v.discountCodes,
    testPercent: v.testPercent,
    testWaitMinutes: v.testWaitMinutes,
    rolloutMinDeliveryPercent: v.rolloutMinDeliveryPercent,
    rolloutMaxOptOutPercent: v.rolloutMaxOptOutPercent,
    rolloutMinReplyPercent: v.rolloutMinReplyPercent,
    rolloutMinClickPercent: v.rolloutMinClickPercent,
    quietHours: v.quietHours ? "on" : "",
    quietStart: v.quietStart,
    quietEnd: v.quietEnd,
    when,
    // only a chosen date and time is sent: a draft keeps it as its planned time
    scheduledLocal: v.when === "later" ? v.scheduledLocal : "",
  };
}

const HOURS = Array.from({ length: 24 }, (_, h) => ({ label: hourLabel(h), value: String(h) }));

export function CampaignForm(props: {
  templates: TemplateChoice[];
  segments: SegmentChoice[];
  values: CampaignFormValues;
  onChange(v: CampaignFormValues): void;
  errors: FieldErrors;
  shopTimeZone: string;
}) {
  const { templates, segments, values: v, onChange, errors } = props;
  const set = <K extends keyof CampaignFormValues>(key: K, value: CampaignFormValues[K]) =>
    onChange({ ...v, [key]: value });
  const chosen = templates.find((t) => String(t.id) === v.templateId) ?? null;
  const template = useMemo(() => (chosen ? asTemplateLike(chosen) : null), [chosen]);
  const issues = useMemo(() => (template ? mappingIssues(template, v.mapping) : []), [template, v.mapping]);
  const [adding, setAdding] = useState("");
  const remaining = segments.filter((s) => !v.segments.some((c) => c.segmentId === s.id));
  const byId = new Map(segments.map((s) => [s.id, s]));
  const now = useStoreNow();
  const nowLocal = now ? localInputValue(now, props.shopTimeZone) : null;
  // Checked as the merchant types (the server refuses it again when scheduling): store time, not the browser's.
  const scheduleError =
    errors.scheduledLocal ??
    (v.when === "later" && nowLocal && v.scheduledLocal && v.scheduledLocal < nowLocal
      ? pastTimeMessage(props.shopTimeZone)
      : undefined);

  const chooseTemplate = (id: string) => {
    const t = templates.find((x) => String(x.id) === id);
    onChange({
      ...v,
      templateId: id,
      mapping: t ? (t.defaultMapping ?? suggestMapping(asTemplateLike(t))) : { version: 1, params: {} },
    });
  };
  const move = (i: number, d: -1 | 1) => {
    const list = [...v.segments];
    const [item] = list.splice(i, 1);
    list.splice(i + d, 0, item!);
    set("segments", list);
  };

  return (
    <BlockStack gap="400">
      <Card>
        <FormLayout>
          <TextField
            label="Campaign name"
            autoComplete="off"
            value={v.name}
            onChange={(x) => set("name", x)}
            error={errors.name}
          />
          <Select
            label="Template"
            placeholder="Choose an approved template"
            options={templates.map((t) => ({
              label: `${t.name} (${t.language}, ${t.category.toLowerCase()})`,
              value: String(t.id),
            }))}
            value={v.templateId}
            onChange={chooseTemplate}
            error={errors.templateId}
            helpText={
              templates.length === 0
                ? "No approved marketing or utility template yet: sync templates on the Templates page."
                : "Only templates Meta approved can be sent."
            }
          />
        </FormLayout>
      </Card>
      {template ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Variables
            </Text>
            <TemplateMappingEditor
              template={template}
              mapping={v.mapping}
              onChange={(m) => set("mapping", m)}
              issues={issues}
            />
            {errors.mapping ? <InlineError message={errors.mapping} fieldID="mapping" /> : null}
          </BlockStack>
        </Card>
      ) : null}
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Segments
          </Text>
          <Text as="p" tone="subdued">
            A customer in several segments gets one message, through the first segment in this list (the one reports
            credit). Each segment keeps a holdout: customers picked at random who are not messaged, to measure the lift
            (suggested {SUGGESTED_HOLDOUT_PERCENT}%).
          </Text>
          {v.segments.map((s, i) => (
            <InlineStack key={s.segmentId} gap="300" blockAlign="center" wrap={false}>
              <Badge>{String(i + 1)}</Badge>
              <div style={{ flex: 1 }}>
                <Text as="span" fontWeight="semibold">
                  {byId.get(s.segmentId)?.name ?? `Segment ${s.segmentId}`}
                </Text>{" "}
                <Text as="span" tone="subdued">
                  {`${(byId.get(s.segmentId)?.members ?? 0).toLocaleString("en")} members`}
                </Text>
              </div>
              <div style={{ width: 140 }}>
                <TextField
                  label="Holdout %"
                  labelHidden
                  type="number"
                  min={0}
                  max={50}
                  suffix="% holdout"
                  autoComplete="off"
                  value={s.holdoutPercent}
                  onChange={(x) =>
                    set(
                      "segments",
                      v.segments.map((o, j) => (j === i ? { ...o, holdoutPercent: x } : o)),
                    )
                  }
                />
              </div>
              <Button size="slim" disabled={i === 0} onClick={() => move(i, -1)} accessibilityLabel="Move up">
                ↑
              </Button>
              <Button
                size="slim"
                disabled={i === v.segments.length - 1}
                onClick={() => move(i, 1)}
                accessibilityLabel="Move down"
              >
                ↓
              </Button>
              <Button
                size="slim"
                tone="critical"
                variant="plain"
                onClick={() =>
                  set(
                    "segments",
                    v.segments.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </Button>
            </InlineStack>
          ))}
          <InlineStack gap="200" blockAlign="end">
            <div style={{ minWidth: 280 }}>
              <Select
                label="Add a segment"
                placeholder={
                  remaining.length ? "Choose a segment" : segments.length ? "All segments added" : "No segments yet"
                }
                options={remaining.map((s) => ({
                  label: `${s.name} (${s.members.toLocaleString("en")})`,
                  value: String(s.id),
                }))}
                value={adding}
                onChange={setAdding}
                error={errors.segments}
              />
            </div>
            <Button
              disabled={!adding}
              onClick={() => {
                set("segments", [
                  ...v.segments,
                  { segmentId: Number(adding), holdoutPercent: String(SUGGESTED_HOLDOUT_PERCENT) },
                ]);
                setAdding("");
              }}
            >
              Add
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Test first, then roll out
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label="Test share"
                type="number"
                suffix="%"
                min={0}
                max={50}
                autoComplete="off"
                value={v.testPercent}
                onChange={(x) => set("testPercent", x)}
                error={errors.testPercent}
                helpText="0 sends to everyone at once."
              />
              <TextField
                label="Wait after the test"
                type="number"
                suffix="minutes"
                min={5}
                autoComplete="off"
                value={v.testWaitMinutes}
                onChange={(x) => set("testWaitMinutes", x)}
                error={errors.testWaitMinutes}
              />
            </FormLayout.Group>
            <RolloutRuleFields values={v} errors={errors} set={set} />
            <TextField
              label="Discount codes (optional)"
              autoComplete="off"
              value={v.discountCodes}
              onChange={(x) => set("discountCodes", x)}
              error={errors.discountCodes}
              helpText="Orders using these codes are credited to the campaign. Separate with commas."
            />
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            When
          </Text>
          <ChoiceList
            title="Send"
            titleHidden
            choices={[
              { label: "As soon as it is scheduled", value: "now" },
              { label: `At a date and time (${props.shopTimeZone})`, value: "later" },
            ]}
            selected={[v.when]}
            onChange={(x) => set("when", (x[0] as "now" | "later") ?? "now")}
          />
          {v.when === "later" ? (
            <TextField
              label="Date and time"
              type="datetime-local"
              autoComplete="off"
              value={v.scheduledLocal}
              min={nowLocal ?? undefined}
              onChange={(x) => set("scheduledLocal", x)}
              error={scheduleError}
              helpText={`In your store's time zone, ${props.shopTimeZone}${now ? `: it is now ${formatInZone(now, props.shopTimeZone)} there` : ""}.`}
            />
          ) : null}
          <Checkbox
            label="Respect quiet hours in each customer's local time"
            checked={v.quietHours}
            onChange={(x) => set("quietHours", x)}
            helpText="Messages that would arrive during quiet hours wait until they end, in the customer's time zone (from their address)."
          />
          {v.quietHours ? (
            <FormLayout>
              <FormLayout.Group>
                <Select
                  label="Quiet from"
                  options={HOURS}
                  value={v.quietStart}
                  onChange={(x) => set("quietStart", x)}
                />
                <Select
                  label="Until"
                  options={HOURS}
                  value={v.quietEnd}
                  onChange={(x) => set("quietEnd", x)}
                  error={errors.quietEnd}
                />
              </FormLayout.Group>
            </FormLayout>
          ) : null}
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

/** The current time, set after hydration and every 30 s (the server's render cannot know the browser's clock). */
function useStoreNow(): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
