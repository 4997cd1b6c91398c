// Binds each template parameter (header, body, buttons; positional or named) to a customer, order, product
// or segment field with a fallback, or to fixed text; media headers to a link; quick replies to a payload.
// Controlled: the parent holds the mapping (the template page saves it as the default; campaigns reuse it).
import { Badge, BlockStack, Box, Checkbox, Divider, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { EmptyCounts } from "../whatsapp/fields.server";
import { clickTrackingFor } from "../engagement/link-mode";
import {
  FIELDS,
  FIELD_KEYS,
  OPT_OUT_PAYLOAD,
  templateSlots,
  type Binding,
  type FieldDef,
  type FieldKey,
  type MappingIssue,
  type Slot,
  type TemplateLike,
  type TemplateMapping,
} from "../whatsapp/mapping";

export interface TemplateMappingEditorProps {
  template: TemplateLike;
  mapping: TemplateMapping;
  onChange(mapping: TemplateMapping): void;
  issues?: MappingIssue[];
  /** per-slot counts of recipients with an empty value (countEmptyParameters) */
  emptyCounts?: EmptyCounts | null;
  /** our link origin: a URL button based on <origin>/l/ is tracked by redirect (app/engagement/link-mode.ts) */
  linkOrigin?: string | null;
}

const GROUPS = ["Customer", "Last order", "Product", "Segment", "Store"] as const;

const SOURCE_OPTIONS = [
  { label: "Fixed text", value: "text" },
  ...GROUPS.map((group) => ({
    title: group,
    options: FIELD_KEYS.filter((k) => FIELDS[k].group === group).map((k) => ({
      label: FIELDS[k].label,
      value: `field:${k}`,
    })),
  })),
];

/** "" while a parameter has no value yet (the select shows its placeholder and the parameter is "not mapped"). */
function sourceValue(b: Binding | undefined): string {
  return b?.kind === "field" ? `field:${b.field}` : b?.kind === "text" ? "text" : "";
}

function SlotEditor({
  slot,
  binding,
  onChange,
  error,
  count,
  total,
  linkOrigin,
}: {
  linkOrigin: string | null;
  slot: Slot;
  binding: Binding | undefined;
  onChange(b: Binding): void;
  error?: string;
  count?: { empty: number; usingFallback: number };
  total?: number;
}) {
  const id = `slot-${slot.id.replace(/\W/g, "-")}`;
  const heading = (
    <InlineStack gap="200" blockAlign="center">
      <Text as="h3" variant="headingSm">
        {slot.label}
      </Text>
      {slot.example ? (
        <Text
          as="span"
          tone="subdued"
          variant="bodySm"
        >{`Meta's example: ${slot.example} (for reference, not sent)`}</Text>
      ) : null}
    </InlineStack>
  );

  if (slot.kind === "media") {
    return (
      <BlockStack gap="200">
        {heading}
        <TextField
          label={`${(slot.mediaFormat ?? "media").charAt(0)}${(slot.mediaFormat ?? "media").slice(1).toLowerCase()} link`}
          value={binding?.kind === "media" ? binding.link : ""}
          onChange={(link) => onChange({ kind: "media", link })}
          autoComplete="off"
          helpText="A public https:// link Meta can download (JPEG/PNG up to 5 MB for images)."
          error={error}
          id={id}
        />
      </BlockStack>
    );
  }

  if (slot.kind === "quick_reply") {
    const payload = binding?.kind === "payload" ? binding.payload : "";
    const optOut = payload === OPT_OUT_PAYLOAD;
    return (
      <BlockStack gap="200">
        {heading}
        <Checkbox
          label="A tap on this button opts the customer out of WhatsApp promotions"
          checked={optOut}
          onChange={(on) => onChange({ kind: "payload", payload: on ? OPT_OUT_PAYLOAD : `QUICK_REPLY_${slot.key}` })}
        />
        {!optOut ? (
          <TextField
            label="Payload (returned to us when tapped)"
            value={payload}
            onChange={(p) => onChange({ kind: "payload", payload: p })}
            autoComplete="off"
            error={error}
          />
        ) : null}
      </BlockStack>
    );
  }

  const isField = binding?.kind === "field";
  return (
    <BlockStack gap="200">
      {heading}
      <InlineStack gap="300" wrap={false} blockAlign="start">
        <Box minWidth="220px">
          <Select
            label="Value from"
            id={id}
            options={SOURCE_OPTIONS}
            placeholder="Choose a value"
            value={sourceValue(binding)}
            error={binding ? undefined : error}
            onChange={(v) => {
              // Fixed text starts empty: an example is Meta's illustration, not this store's value (issue 15 B8).
              if (v === "text") onChange({ kind: "text", text: binding?.kind === "text" ? binding.text : "" });
              else if (v === "") return;
              else
                onChange({
                  kind: "field",
                  field: v.slice(6) as FieldKey,
                  fallback: binding?.kind === "field" ? binding.fallback : "",
                });
            }}
          />
        </Box>
        <Box width="100%">
          {isField ? (
            <TextField
              label="Fallback when empty"
              value={binding.fallback}
              onChange={(fallback) => onChange({ ...binding, fallback })}
              autoComplete="off"
              placeholder={
                slot.kind === "url"
                  ? "e.g. collections/all"
                  : slot.kind === "copy_code"
                    ? "e.g. WELCOME10"
                    : "e.g. there"
              }
              helpText={(FIELDS[binding.field] as FieldDef).help}
              error={error}
            />
          ) : binding ? (
            <TextField
              label={slot.kind === "url" ? "Link ending" : slot.kind === "copy_code" ? "Coupon code" : "Text"}
              value={binding.kind === "text" ? binding.text : ""}
              onChange={(text) => onChange({ kind: "text", text })}
              autoComplete="off"
              error={error}
            />
          ) : null}
        </Box>
      </InlineStack>
      {slot.kind === "url" ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {clickTrackingFor(slot.urlTemplate, linkOrigin).mode === "redirect"
            ? `The page on your store the link leads to (e.g. collections/sale). The button opens our link, which counts the click and forwards the customer there with utm_source=whatsapp, utm_medium=campaign, utm_campaign=<campaign id> and r=<recipient> added.`
            : `Fills {{1}} in ${slot.urlTemplate}. utm_source=whatsapp, utm_medium=campaign, utm_campaign=<campaign id>, r=<recipient> and rk=<its signature> are added so clicks and orders are attributed.`}
        </Text>
      ) : null}
      {count && total !== undefined && (count.empty > 0 || count.usingFallback > 0) ? (
        <InlineStack gap="100">
          {count.empty > 0 ? (
            <Badge tone="critical">{`Empty for ${count.empty.toLocaleString("en")} of ${total.toLocaleString("en")}: not sent`}</Badge>
          ) : null}
          {count.usingFallback > 0 ? (
            <Badge tone="attention">{`Fallback for ${count.usingFallback.toLocaleString("en")} of ${total.toLocaleString("en")}`}</Badge>
          ) : null}
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}

export function TemplateMappingEditor({
  template,
  mapping,
  onChange,
  issues = [],
  emptyCounts,
  linkOrigin = null,
}: TemplateMappingEditorProps) {
  const slots = templateSlots(template);
  if (!slots.length) {
    return (
      <Text as="p" tone="subdued">
        This template has no variables: it is sent exactly as approved.
      </Text>
    );
  }
  return (
    <BlockStack gap="400">
      {slots.map((slot, i) => (
        <BlockStack gap="400" key={slot.id}>
          {i > 0 ? <Divider /> : null}
          <SlotEditor
            slot={slot}
            binding={mapping.params[slot.id]}
            onChange={(b) => onChange({ ...mapping, params: { ...mapping.params, [slot.id]: b } })}
            error={issues.find((x) => x.slot === slot.id)?.message}
            count={emptyCounts?.slots.find((c) => c.slot === slot.id)}
            total={emptyCounts?.total}
            linkOrigin={linkOrigin}
          />
        </BlockStack>
      ))}
    </BlockStack>
  );
}
