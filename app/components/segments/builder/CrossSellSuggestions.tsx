// Cross-sell pairs mined from the store's baskets (support, confidence, lift), at the product, type or collection
// level; "Use" fills both pickers with the pair.
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Select, SkeletonBodyText, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { loader as suggestionsLoader } from "../../../routes/app.segments.suggestions";
import type { Pick } from "../../../segments/builder-form";
import { n } from "./format";

const PICK_TYPE: Record<string, Pick["type"]> = { product: "product", product_type: "type", collection: "collection" };

export function CrossSellSuggestions({ onUse }: { onUse: (pair: { a: Pick[]; b: Pick[] }) => void }) {
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
