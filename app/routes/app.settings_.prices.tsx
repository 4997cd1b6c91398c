// Settings → Message prices: Meta's rate card (kept in the repo, with its date and source) and the merchant's own
// rates and exchange rate. Costs in campaign reports, the dashboard and the send plan's estimate use these.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { requireShop } from "../auth.server";
import { getPriceTable, priceSchema, savePrice, saveUsdRate, usdRateSchema } from "../pricing/prices.server";
import { countriesOf, MARKETS, RATE_CARD_EFFECTIVE, RATE_CARD_SOURCE } from "../pricing/rate-card";
import { RouteError } from "../components/RouteError";

const CATEGORIES = ["marketing", "utility", "authentication"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const table = await getPriceTable(shop.id);
  return {
    currency: table.currency,
    usdRate: table.usdRate,
    markets: MARKETS.map((market) => ({
      key: market.key,
      name: market.name,
      countries: countriesOf(market.key),
      prices: CATEGORIES.map((category) => ({
        category,
        usdMicros: table.usdMicros.get(market.key)!.get(category)!,
        metaMicros: market.usdMicros[category],
        edited: table.overridden.has(`${market.key}/${category}`),
      })),
    })),
  };
};

const microsToText = (micros: number) => (micros / 1e6).toFixed(4);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = await request.formData();
  const errors: Record<string, string> = {};
  const rate = String(form.get("usdRate") ?? "").trim();
  if (rate !== "") {
    const parsed = usdRateSchema.safeParse(rate);
    if (parsed.success) await saveUsdRate(shop.id, parsed.data);
    else errors.usdRate = parsed.error.issues[0]!.message;
  }
  let saved = 0;
  for (const market of MARKETS) {
    for (const category of CATEGORIES) {
      const field = `price:${market.key}:${category}`;
      const raw = form.get(field);
      if (raw === null) continue;
      // Meta's own rate (or an emptied field) means "no override".
      const usd = String(raw).trim() === microsToText(market.usdMicros[category]) ? "" : String(raw).trim();
      const parsed = priceSchema.safeParse({ market: market.key, category, usd });
      if (!parsed.success) {
        errors[field] = parsed.error.issues[0]!.message;
        continue;
      }
      await savePrice(shop.id, parsed.data);
      saved += 1;
    }
  }
  if (Object.keys(errors).length) return json({ ok: false, errors }, { status: 400 });
  return { ok: true, saved, errors: {} as Record<string, string> };
};

export function ErrorBoundary() {
  return <RouteError title="Message prices" />;
}

export default function MessagePrices() {
  const { currency, usdRate, markets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = result?.errors ?? {};
  const [values, setValues] = useState<Record<string, string>>({});
  const [rate, setRate] = useState(usdRate ?? "");
  const field = (market: string, category: string, micros: number) => {
    const name = `price:${market}:${category}`;
    return (
      <TextField
        key={name}
        label={`${category} price in USD`}
        labelHidden
        name={name}
        value={values[name] ?? microsToText(micros)}
        onChange={(v) => setValues((s) => ({ ...s, [name]: v }))}
        error={errors[name]}
        prefix="$"
        autoComplete="off"
        size="slim"
      />
    );
  };
  return (
    <Page
      title="Message prices"
      subtitle="What each delivered WhatsApp template message costs you"
      backAction={{ content: "Settings", url: "/app/settings" }}
    >
      <Form method="post">
        <Layout>
          <Layout.Section>
            {result?.ok ? (
              <Banner tone="success" title="Prices saved">
                <p>Reports use the new prices right away.</p>
              </Banner>
            ) : result && !result.ok ? (
              <Banner tone="critical" title="Some prices were not saved">
                <p>Fix the highlighted fields.</p>
              </Banner>
            ) : null}
          </Layout.Section>
          <Layout.AnnotatedSection
            title="Exchange rate"
            description={`Meta prices messages in US dollars. Costs are shown in your store currency (${currency}).`}
          >
            <Card>
              <TextField
                label={`1 US dollar in ${currency}`}
                name="usdRate"
                value={rate}
                onChange={setRate}
                error={errors.usdRate}
                helpText={
                  usdRate === null
                    ? "Not set yet: costs, profit and ROI stay empty until you enter it."
                    : "Use the rate on your Meta invoice."
                }
                autoComplete="off"
              />
            </Card>
          </Layout.AnnotatedSection>
          <Layout.Section>
            <Card padding="0">
              <BlockStack gap="0">
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Text as="p" tone="subdued">
                    Rates per delivered message from Meta&apos;s rate card effective {RATE_CARD_EFFECTIVE} (
                    {RATE_CARD_SOURCE}). Meta revises them every few months and gives lower utility and authentication
                    rates at volume: edit any rate to match your invoice. Failed messages and free service replies cost
                    nothing.
                  </Text>
                </div>
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={["Market (by the recipient's phone number)", "Marketing", "Utility", "Authentication"]}
                  rows={markets.map((mk) => [
                    <BlockStack key={mk.key} gap="050">
                      <InlineStack gap="100">
                        <Text as="span" fontWeight="semibold">
                          {mk.name}
                        </Text>
                        {mk.prices.some((p) => p.edited) ? <Badge tone="info">Edited</Badge> : null}
                      </InlineStack>
                      {mk.countries.length > 1 ? (
                        <Text as="span" variant="bodySm" tone="subdued">
                          {mk.countries.join(" ")}
                        </Text>
                      ) : null}
                    </BlockStack>,
                    ...mk.prices.map((p) => field(mk.key, p.category, p.usdMicros)),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <InlineStack align="end">
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                Save prices
              </Button>
            </InlineStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
