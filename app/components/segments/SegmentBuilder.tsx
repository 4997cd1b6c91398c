// The segment builder: the kind's form (builder/<Kind>Fields.tsx), a live size preview (debounced) with a sample of
// matching customers and why they match, cross-sell suggestions mined from the store's baskets, and save. Field
// errors come from the same validation the server applies on save (a 400 from the action shows them here; nothing is
// saved).
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Card, FormLayout, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { KIND_INFO, type BuilderForms } from "../../segments/builder-form";
import type { SegmentKind } from "../../segments/definitions";
import type { action as previewAction } from "../../routes/app.segments.preview";
import type { action as saveAction } from "../../routes/app.segments.new";
import { CrossSellSuggestions } from "./builder/CrossSellSuggestions";
import { KindFields } from "./builder/KindFields";
import { PreviewPanel } from "./builder/PreviewPanel";
import type { BuilderCurrency, FieldContext, FormPatch, KindForm, SavedSegmentOption } from "./builder/types";

export interface BuilderProps {
  mode: "create" | "edit";
  segmentId?: number;
  kind: SegmentKind;
  initialName: string;
  initialForm: BuilderForms[SegmentKind];
  currency: BuilderCurrency;
  /** other live segments (inputs of samples and combinations) */
  segments: SavedSegmentOption[];
  embedded: boolean;
}

/** Debounce delay of the live preview after the last change. */
const PREVIEW_DEBOUNCE_MS = 450;

export function SegmentBuilder(props: BuilderProps) {
  const { mode, segmentId, kind, currency, embedded } = props;
  const info = KIND_INFO[kind];
  const [name, setName] = useState(props.initialName);
  // The kind never changes on a builder page (the route keys the component by kind).
  const [state, setState] = useState<KindForm>({ kind, form: props.initialForm } as KindForm);
  const form = state.form;
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const preview = useFetcher<typeof previewAction>();
  const submitPreview = preview.submit; // stable across renders, unlike the fetcher object
  const save = useFetcher<typeof saveAction>();

  const change = useCallback((patch: FormPatch) => {
    setState((s) => ({ ...s, form: { ...s.form, ...patch } }) as KindForm);
    setTouched((t) => {
      const keys = Object.keys(patch).filter((k) => !t.has(k));
      return keys.length ? new Set([...t, ...keys]) : t;
    });
  }, []);

  const allBands =
    state.kind === "aov_tier" && mode === "create" && state.form.mode === "quantile" && state.form.allBands === true;

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

  const context: FieldContext = { error, currency, segments: props.segments, embedded, mode };
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
                <KindFields value={state} onChange={change} {...context} />
              </BlockStack>
            </Card>
            {kind === "cross_sell" ? (
              <CrossSellSuggestions
                onUse={(pair) => {
                  change({ a: pair.a, b: pair.b });
                  if (!touchedName(name, props.initialName))
                    setName(`Bought ${pair.a[0]!.label}, not ${pair.b[0]!.label}`.slice(0, 100));
                }}
              />
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <PreviewPanel
            preview={preview.data}
            loading={preview.state !== "idle"}
            currency={currency}
            kind={kind}
            fresh={preview.state === "idle" && preview.data !== undefined && lastSent.current === payload}
            band={state.kind === "aov_tier" ? state.form.band : undefined}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function touchedName(name: string, initial: string) {
  return name.trim() !== "" && name !== initial;
}
