// The segment builder: a form per kind, a live size preview (debounced) with a sample of matching customers and
// why they match, cross-sell suggestions mined from the store's baskets, and save. Field errors come from the same
// validation the server applies on save (a 400 from the action shows them here; nothing is saved).
import { useFetcher } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  SkeletonBodyText,
  Spinner,
  Text,
  TextField,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import {
  AOV_BANDS,
  KIND_INFO,
  RFM_CELL_INFO,
  RFM_CELLS,
  type BuilderForms,
  type Pick,
  type Place,
} from "../../segments/builder-form";
import type { SegmentKind } from "../../segments/definitions";
import type { FormPreview } from "../../segments/preview.server";
import type { action as previewAction } from "../../routes/app.segments.preview";
import type { action as saveAction } from "../../routes/app.segments.new";
import type { loader as suggestionsLoader } from "../../routes/app.segments.suggestions";
import { CatalogPicker, PLACE_PICKER_TYPES, PRODUCT_PICKER_TYPES } from "./CatalogPicker";

export interface BuilderProps {
  mode: "create" | "edit";
  segmentId?: number;
  kind: SegmentKind;
  initialName: string;
  initialForm: BuilderForms[SegmentKind];
  currency: { code: string; symbol: string; exponent: number };
  /** other live segments (inputs of samples and combinations) */
  segments: { id: number; name: string; memberCount: number }[];
  embedded: boolean;
}

type PreviewResponse = FormPreview;
/** The figures the builder shows from a preview's per-kind `computed` JSON (app/segments/sql/aov-tier, former-vip). */
interface PreviewFigures {
  cutsMinor?: [string, string] | null;
  thresholdMinor?: string | null;
  rankedCustomers?: number;
}

const n = (x: number) => x.toLocaleString("en");

function money(minor: string | null | undefined, currency: BuilderProps["currency"]): string {
  if (minor === null || minor === undefined) return "—";
  const value = Number(minor) / 10 ** currency.exponent;
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency: currency.code,
    minimumFractionDigits: currency.exponent,
    maximumFractionDigits: currency.exponent,
  }).format(value);
}

/** Debounce delay of the live preview after the last change. */
const PREVIEW_DEBOUNCE_MS = 450;

export function SegmentBuilder(props: BuilderProps) {
  const { mode, segmentId, kind, currency, embedded } = props;
  const info = KIND_INFO[kind];
  const [name, setName] = useState(props.initialName);
  const [form, setForm] = useState<Record<string, unknown>>(props.initialForm as unknown as Record<string, unknown>);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const preview = useFetcher<typeof previewAction>();
  const submitPreview = preview.submit; // stable across renders, unlike the fetcher object
  const save = useFetcher<typeof saveAction>();

  const set = useCallback((key: string, value: unknown) => {
    setForm((f) => ({ ...f, [key]: value }));
    setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
  }, []);

  const allBands = kind === "aov_tier" && mode === "create" && form.mode === "quantile" && form.allBands === true;

  // Live preview: once after the last change settles.
  const payload = useMemo(() => JSON.stringify({ kind, form, segmentId, allBands }), [kind, form, segmentId, allBands]);
  const lastSent = useRef<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(
      () => {
        lastSent.current = payload;
        submitPreview(payload, { method: "post", action: "/app/segments/preview", encType: "application/json" });
      },
      lastSent.current === null ? 0 : PREVIEW_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [payload, submitPreview]);

  const previewErrors = preview.data && !preview.data.ok ? preview.data.fieldErrors : {};
  const saveErrors = save.data && !save.data.ok ? save.data.fieldErrors : {};
  // Errors show under a field once it was changed, and under every field after a save attempt.
  const error = (key: string): string | undefined =>
    saveErrors[key] ?? (submitted || touched.has(key) ? previewErrors[key] : undefined);
  const saving = save.state !== "idle";

  const submit = () => {
    setSubmitted(true);
    save.submit(JSON.stringify({ kind, name, form, allBands }), { method: "post", encType: "application/json" });
  };

  const formProps: KindFormProps = { form, set, error, currency, segments: props.segments, embedded, mode };
  return (
    <Page
      title={mode === "create" ? `New segment: ${info.title}` : `Edit ${props.initialName}`}
      subtitle={info.description}
      backAction={{ content: "Segments", url: mode === "create" ? "/app/segments" : `/app/segments/${segmentId}` }}
      primaryAction={{ content: allBands ? "Save 3 segments" : "Save segment", onAction: submit, loading: saving }}
      secondaryActions={mode === "create" ? [{ content: "Choose another kind", url: "/app/segments/new" }] : []}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {saveErrors.form ? <Banner tone="critical">{saveErrors.form}</Banner> : null}
            {Object.keys(saveErrors).length && !saveErrors.form ? (
              <Banner tone="critical" title="Nothing was saved">
                Fix the highlighted fields and save again.
              </Banner>
            ) : null}
            <Card>
              <FormLayout>
                <TextField
                  label="Segment name"
                  value={name}
                  onChange={setName}
                  autoComplete="off"
                  maxLength={100}
                  error={saveErrors.name}
                  helpText={
                    allBands
                      ? "Each band's segment gets this name with “– low”, “– mid” or “– high”."
                      : "Shown in campaigns and reports."
                  }
                />
              </FormLayout>
            </Card>
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Who is in it
                </Text>
                <KindForm kind={kind} {...formProps} />
              </BlockStack>
            </Card>
            {kind === "cross_sell" ? (
              <CrossSellSuggestions
                onUse={(pair) => {
                  set("a", pair.a);
                  set("b", pair.b);
                  if (!touchedName(name, props.initialName))
                    setName(`Bought ${pair.a[0]!.label}, not ${pair.b[0]!.label}`.slice(0, 100));
                }}
              />
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <PreviewCard
            preview={preview.data}
            loading={preview.state !== "idle"}
            currency={currency}
            kind={kind}
            fresh={preview.state === "idle" && preview.data !== undefined && lastSent.current === payload}
            band={typeof form.band === "string" ? form.band : undefined}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function touchedName(name: string, initial: string) {
  return name.trim() !== "" && name !== initial;
}

// ---- the preview ---------------------------------------------------------------------------------------------------

function PreviewCard({
  preview,
  loading,
  fresh,
  currency,
  kind,
  band,
}: {
  preview?: PreviewResponse;
  loading: boolean;
  /** the preview reflects the form as it is now (no change waiting for the debounce or the server) */
  fresh: boolean;
  currency: BuilderProps["currency"];
  kind: SegmentKind;
  band?: string;
}) {
  let body: ReactNode;
  if (!preview) {
    body = <SkeletonBodyText lines={4} />;
  } else if (!preview.ok) {
    body = (
      <BlockStack gap="200">
        <Text as="p" tone="subdued">
          Finish the definition to see who matches:
        </Text>
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {[...new Set(Object.values(preview.fieldErrors))].map((m) => (
            <li key={m}>
              <Text as="span" tone="subdued">
                {m}
              </Text>
            </li>
          ))}
        </ul>
      </BlockStack>
    );
  } else {
    // A tier set shows everyone placed in a band; the bands' own sizes follow.
    const headline = preview.bands ? preview.bands.reduce((sum, b) => sum + b.count, 0) : preview.count;
    const share = preview.customers ? (headline / preview.customers) * 100 : 0;
    body = (
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="p" variant="heading2xl" numeric>
            <span data-testid="preview-count">{n(headline)}</span>
          </Text>
          <Text as="p" tone="subdued">
            {`${preview.bands ? "customers in the three bands" : "customers match now"} — ${share < 0.1 && headline > 0 ? "<0.1" : share.toFixed(1)}% of your ${n(preview.customers)} customers`}
          </Text>
        </BlockStack>
        <Figures preview={preview} currency={currency} kind={kind} />
        {preview.bands ? (
          <BlockStack gap="100">
            {preview.bands.map((b) => (
              <InlineStack key={b.band} align="space-between">
                <Text as="span">{`${b.band[0]!.toUpperCase()}${b.band.slice(1)} order value`}</Text>
                <Text as="span" numeric>
                  <span data-testid={`preview-band-${b.band}`}>{n(b.count)}</span>
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        ) : null}
        <Divider />
        {preview.sample.length ? (
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {preview.bands && band ? `Who and why, ${band} band` : "Who and why"}
            </Text>
            {preview.sample.map((m) => (
              <BlockStack gap="050" key={m.customerId}>
                <Text as="span" fontWeight="medium">
                  {m.name}
                </Text>
                <Text as="span" tone="subdued" variant="bodySm">
                  {m.why}
                </Text>
              </BlockStack>
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            Nobody matches these settings yet. Try a longer window, a lower minimum or more products.
          </Text>
        )}
      </BlockStack>
    );
  }
  return (
    <div style={{ position: "sticky", top: 16 }} data-testid="preview-card" data-fresh={fresh ? "true" : "false"}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Preview
            </Text>
            {loading ? <Spinner size="small" accessibilityLabel="Updating the preview" /> : null}
          </InlineStack>
          <div style={{ opacity: !fresh && preview ? 0.5 : 1, transition: "opacity 150ms" }}>{body}</div>
        </BlockStack>
      </Card>
    </div>
  );
}

function Figures({
  preview,
  currency,
  kind,
}: {
  preview: Extract<PreviewResponse, { ok: true }>;
  currency: BuilderProps["currency"];
  kind: SegmentKind;
}) {
  const c: PreviewFigures = preview.computed;
  if (kind === "aov_tier" && c.cutsMinor) {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {`Your store's bands today: low below ${money(c.cutsMinor[0], currency)}, mid ${money(c.cutsMinor[0], currency)}–${money(c.cutsMinor[1], currency)}, high ${money(c.cutsMinor[1], currency)} or more. They move with your store and are recomputed every night.`}
      </Text>
    );
  }
  if (
    kind === "former_vip" &&
    c.thresholdMinor !== undefined &&
    c.rankedCustomers !== undefined &&
    c.rankedCustomers > 0
  ) {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {`The top spenders of the period spent ${money(c.thresholdMinor, currency)} or more (ranked among ${n(c.rankedCustomers)} customers who spent in it).`}
      </Text>
    );
  }
  return null;
}

// ---- cross-sell suggestions --------------------------------------------------------------------------------------

const PICK_TYPE: Record<string, Pick["type"]> = { product: "product", product_type: "type", collection: "collection" };

function CrossSellSuggestions({ onUse }: { onUse: (pair: { a: Pick[]; b: Pick[] }) => void }) {
  const [level, setLevel] = useState("product");
  const fetcher = useFetcher<typeof suggestionsLoader>();
  const { load } = fetcher; // stable across renders, unlike the fetcher object
  useEffect(() => {
    load(`/app/segments/suggestions?level=${level}`);
  }, [load, level]);
  const data = fetcher.data && "pairs" in fetcher.data && fetcher.data.level === level ? fetcher.data : null;
  const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="050">
            <Text as="h2" variant="headingMd">
              Suggested from your orders
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              Pairs your customers often buy together. Lift 2× means buyers of the first are twice as likely as average
              to buy the second.
            </Text>
          </BlockStack>
          <div style={{ minWidth: 150 }}>
            <Select
              label="Pairs of"
              labelHidden
              value={level}
              onChange={setLevel}
              options={[
                { label: "Products", value: "product" },
                { label: "Product types", value: "product_type" },
                { label: "Collections", value: "collection" },
              ]}
            />
          </div>
        </InlineStack>
        {!data ? (
          <SkeletonBodyText lines={3} />
        ) : data.pairs.length === 0 ? (
          <Text as="p" tone="subdued">
            Not enough shared baskets yet to suggest pairs at this level.
          </Text>
        ) : (
          <BlockStack gap="200">
            {data.pairs.map((p) => (
              <Box key={`${p.a.id}-${p.b.id}`} padding="200" borderColor="border" borderWidth="025" borderRadius="200">
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <BlockStack gap="100">
                    <Text as="span" fontWeight="medium">{`Bought ${p.a.name} → offer ${p.b.name}`}</Text>
                    <InlineStack gap="150">
                      <Badge>{`support ${pct(p.support)}`}</Badge>
                      <Badge>{`confidence ${pct(p.confidence)}`}</Badge>
                      <Badge tone="success">{`lift ${p.lift.toFixed(2)}×`}</Badge>
                      <Text
                        as="span"
                        tone="subdued"
                        variant="bodySm"
                      >{`${n(p.audience)} bought the first but not the second`}</Text>
                    </InlineStack>
                  </BlockStack>
                  <Button
                    onClick={() =>
                      onUse({
                        a: [{ type: PICK_TYPE[level]!, value: p.a.id, label: p.a.name }],
                        b: [{ type: PICK_TYPE[level]!, value: p.b.id, label: p.b.name }],
                      })
                    }
                  >
                    Use
                  </Button>
                </InlineStack>
              </Box>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

// ---- a form per kind --------------------------------------------------------------------------------------------

interface KindFormProps {
  form: Record<string, unknown>;
  set: (key: string, value: unknown) => void;
  error: (key: string) => string | undefined;
  currency: BuilderProps["currency"];
  segments: BuilderProps["segments"];
  embedded: boolean;
  mode: BuilderProps["mode"];
}

function Num(props: {
  label: string;
  field: string;
  f: KindFormProps;
  suffix?: string;
  prefix?: string;
  help?: string;
  placeholder?: string;
}) {
  const { f } = props;
  return (
    <TextField
      label={props.label}
      type="text"
      inputMode="decimal"
      value={String(f.form[props.field] ?? "")}
      onChange={(v) => f.set(props.field, v)}
      autoComplete="off"
      suffix={props.suffix}
      prefix={props.prefix}
      helpText={props.help}
      placeholder={props.placeholder}
      error={f.error(props.field)}
    />
  );
}

function KindForm({ kind, ...f }: KindFormProps & { kind: SegmentKind }) {
  const form = f.form;
  switch (kind) {
    case "cross_sell":
      return (
        <FormLayout>
          <CatalogPicker
            label="Bought any of"
            types={PRODUCT_PICKER_TYPES}
            value={(form.a as Pick[]) ?? []}
            onChange={(v) => f.set("a", v)}
            error={f.error("a")}
            embedded={f.embedded}
            testId="picker-a"
          />
          <CatalogPicker
            label="But never bought any of"
            types={PRODUCT_PICKER_TYPES}
            value={(form.b as Pick[]) ?? []}
            onChange={(v) => f.set("b", v)}
            error={f.error("b")}
            helpText="The audience for these: they know your store, but not these products yet."
            embedded={f.embedded}
            testId="picker-b"
          />
          <Num
            label="Only purchases of the first in the last"
            field="withinDays"
            f={f}
            suffix="days"
            help="Leave empty to count any time."
            placeholder="any time"
          />
        </FormLayout>
      );
    case "product_specific":
      return (
        <FormLayout>
          <CatalogPicker
            label="Bought any of"
            types={PRODUCT_PICKER_TYPES}
            value={(form.products as Pick[]) ?? []}
            onChange={(v) => f.set("products", v)}
            error={f.error("products")}
            embedded={f.embedded}
            testId="picker-products"
          />
          <FormLayout.Group>
            <Num label="At least" field="minTimes" f={f} suffix="times" />
            <Select
              label="Counting"
              value={String(form.countBy)}
              onChange={(v) => f.set("countBy", v)}
              error={f.error("countBy")}
              options={[
                { label: "orders containing them", value: "orders" },
                { label: "units kept (after refunds)", value: "units" },
              ]}
            />
            <Num
              label="Within the last"
              field="withinDays"
              f={f}
              suffix="days"
              placeholder="any time"
              help="Empty: any time."
            />
          </FormLayout.Group>
        </FormLayout>
      );
    case "sale_shopper":
      return (
        <FormLayout>
          <FormLayout.Group>
            <Num
              label="Orders with a deal, at least"
              field="minSharePercent"
              f={f}
              suffix="%"
              help="Share of their orders (after cancellations)."
            />
            <Num
              label="Out of at least"
              field="minOrders"
              f={f}
              suffix="orders"
              help="One lucky order is not a habit."
            />
          </FormLayout.Group>
          <BlockStack gap="100">
            <Text as="span" fontWeight="medium">
              What counts as a deal
            </Text>
            <Checkbox
              label="Discount code"
              checked={form.discountCodes === true}
              onChange={(v) => f.set("discountCodes", v)}
              error={f.error("discountCodes")}
            />
            <Checkbox
              label="Automatic discount"
              checked={form.automaticDiscounts === true}
              onChange={(v) => f.set("automaticDiscounts", v)}
            />
            <Checkbox
              label="Marked-down item (sold below its compare-at price)"
              checked={form.markdowns === true}
              onChange={(v) => f.set("markdowns", v)}
            />
          </BlockStack>
        </FormLayout>
      );
    case "former_vip":
      return (
        <FormLayout>
          <ChoiceList
            title="Were VIPs when they"
            selected={[String(form.rankBy)]}
            onChange={(v) => f.set("rankBy", v[0])}
            choices={[
              { label: "were among my top spenders", value: "percent" },
              { label: "spent at least an amount", value: "amount" },
            ]}
          />
          <FormLayout.Group>
            {form.rankBy === "amount" ? (
              <Num
                label="Spent at least"
                field="minSpend"
                f={f}
                prefix={f.currency.symbol}
                placeholder={f.currency.exponent ? "500.00" : "500"}
                help={`Net of refunds, in ${f.currency.code}.`}
              />
            ) : (
              <Num label="Top" field="topPercent" f={f} suffix="% of spenders" />
            )}
            <Num
              label="Over the"
              field="qualifyingDays"
              f={f}
              suffix="days before the lapse"
              placeholder="all history"
              help="Empty: all their history."
            />
          </FormLayout.Group>
          <Num label="And no order in the last" field="lapsedDays" f={f} suffix="days" />
        </FormLayout>
      );
    case "aov_tier":
      return (
        <FormLayout>
          <ChoiceList
            title="Bands"
            selected={[String(form.mode)]}
            onChange={(v) => f.set("mode", v[0])}
            choices={[
              { label: "By your store: low, mid and high thirds of customers", value: "quantile" },
              { label: "By fixed amounts", value: "fixed" },
            ]}
          />
          {form.mode === "fixed" ? (
            <FormLayout.Group>
              <Num
                label="Average order from"
                field="minAov"
                f={f}
                prefix={f.currency.symbol}
                placeholder="no minimum"
              />
              <Num
                label="Up to (not including)"
                field="maxAov"
                f={f}
                prefix={f.currency.symbol}
                placeholder="no maximum"
              />
            </FormLayout.Group>
          ) : (
            <BlockStack gap="300">
              {f.mode === "create" ? (
                <Checkbox
                  label="Create all three bands as separate segments"
                  checked={form.allBands === true}
                  onChange={(v) => f.set("allBands", v)}
                />
              ) : null}
              {f.mode === "edit" || form.allBands !== true ? (
                <Select
                  label="Band"
                  value={String(form.band)}
                  onChange={(v) => f.set("band", v)}
                  options={AOV_BANDS.map((b) => ({ label: `${b[0]!.toUpperCase()}${b.slice(1)}`, value: b }))}
                />
              ) : null}
              <FormLayout.Group>
                <Num label="Low ends at" field="lowerCut" f={f} suffix="% of customers" />
                <Num label="High starts at" field="upperCut" f={f} suffix="% of customers" />
              </FormLayout.Group>
            </BlockStack>
          )}
          <Num
            label="Customers with at least"
            field="minOrders"
            f={f}
            suffix="orders"
            help="Average order value is net of refunds."
          />
        </FormLayout>
      );
    case "rfm":
      return (
        <ChoiceList
          title="Groups"
          allowMultiple
          selected={(form.cells as string[]) ?? []}
          onChange={(v) => f.set("cells", v)}
          error={f.error("cells")}
          choices={RFM_CELLS.map((c) => ({
            label: RFM_CELL_INFO[c].title,
            value: c,
            helpText: RFM_CELL_INFO[c].description,
          }))}
        />
      );
    case "location":
      return (
        <CatalogPicker
          label="Lives in any of"
          types={PLACE_PICKER_TYPES}
          value={(form.places as Place[]) ?? []}
          onChange={(v) => f.set("places", v)}
          error={f.error("places")}
          helpText="Countries, provinces and cities each narrow the others; within one kind any value matches."
          testId="picker-places"
        />
      );
    case "campaign_response":
      // Usually created in one click from a campaign report ("Follow up with those who did not …").
      return (
        <FormLayout>
          <Select
            label="Did not"
            value={String(form.didNot ?? "read")}
            onChange={(v) => f.set("didNot", v)}
            error={f.error("didNot")}
            options={[
              { label: "Read the message", value: "read" },
              { label: "Click its link", value: "click" },
              { label: "Buy since", value: "buy" },
            ]}
          />
          <Num
            label="Campaign id"
            field="campaignId"
            f={f}
            help="Leave empty for any campaign in the last days below."
          />
          <Num label="Any campaign in the last" field="withinDays" f={f} suffix="days" />
        </FormLayout>
      );
    case "sample":
    case "combination":
      if (!f.segments.length) {
        return (
          <Banner tone="info" title="Save a segment first">
            {kind === "sample"
              ? "A sample is taken from a saved segment."
              : "A combination is built from saved segments."}{" "}
            Create a cross-sell, sale-shopper or any other segment, then come back.
          </Banner>
        );
      }
      return kind === "sample" ? <SampleForm {...f} /> : <CombinationForm {...f} />;
  }
}

function SampleForm(f: KindFormProps) {
  const form = f.form;
  return (
    <FormLayout>
      <Select
        label="Sample of"
        value={String(form.segmentId ?? "")}
        onChange={(v) => f.set("segmentId", v)}
        error={f.error("segmentId")}
        options={[
          { label: "Choose a segment", value: "" },
          ...f.segments.map((s) => ({ label: `${s.name} (${n(s.memberCount)})`, value: String(s.id) })),
        ]}
      />
      <FormLayout.Group>
        <Num label="Percent" field="percent" f={f} suffix="%" />
        <TextField
          label="Seed"
          value={String(form.seed ?? "")}
          onChange={(v) => f.set("seed", v)}
          autoComplete="off"
          error={f.error("seed")}
          helpText="The same seed keeps the same customers as the segment grows."
        />
      </FormLayout.Group>
    </FormLayout>
  );
}

function CombinationForm(f: KindFormProps) {
  const form = f.form;
  const choices = f.segments.map((s) => ({ label: `${s.name} (${n(s.memberCount)})`, value: String(s.id) }));
  return (
    <FormLayout>
      <Select
        label="Customers in"
        value={String(form.op)}
        onChange={(v) => f.set("op", v)}
        options={[
          { label: "all of these segments", value: "and" },
          { label: "any of these segments", value: "or" },
        ]}
      />
      <InlineGrid columns={2} gap="400">
        <ChoiceList
          title="Segments"
          allowMultiple
          selected={(form.segmentIds as string[]) ?? []}
          onChange={(v) => f.set("segmentIds", v)}
          choices={choices}
          error={f.error("segmentIds")}
        />
        <ChoiceList
          title="But not in"
          allowMultiple
          selected={(form.exclude as string[]) ?? []}
          onChange={(v) => f.set("exclude", v)}
          choices={choices}
          error={f.error("exclude")}
        />
      </InlineGrid>
    </FormLayout>
  );
}
