// A searchable picker over our copy of the store (products, variants, collections, vendors, types, tags — or
// countries, provinces, cities). Works in demo mode; inside Shopify admin, Shopify's own resource picker can add
// products, variants and collections too.
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Combobox, InlineStack, Listbox, Select, Tag, Text } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import type { loader as catalogLoader } from "../../routes/app.segments.catalog";

export interface PickedItem {
  type: string;
  value: string;
  label: string;
}

export interface PickerType {
  type: string;
  label: string;
  /** placeholder of the search field */
  placeholder: string;
}

export const PRODUCT_PICKER_TYPES: PickerType[] = [
  { type: "product", label: "Products", placeholder: "Search products" },
  { type: "collection", label: "Collections", placeholder: "Search collections" },
  { type: "variant", label: "Variants", placeholder: "Search variants or SKUs" },
  { type: "vendor", label: "Vendors", placeholder: "Search vendors" },
  { type: "type", label: "Product types", placeholder: "Search product types" },
  { type: "tag", label: "Product tags", placeholder: "Search tags" },
];

export const PLACE_PICKER_TYPES: PickerType[] = [
  { type: "country", label: "Countries", placeholder: "Search countries" },
  { type: "province", label: "Provinces / states", placeholder: "Search provinces" },
  { type: "city", label: "Cities", placeholder: "Search cities" },
];

const TYPE_NOUN: Record<string, string> = {
  product: "product",
  variant: "variant",
  collection: "collection",
  vendor: "vendor",
  type: "type",
  tag: "tag",
  country: "country",
  province: "province",
  city: "city",
};

interface ShopifyPickerResult {
  id: string;
  title?: string;
  displayName?: string;
}

/** App Bridge's resource picker, when running inside Shopify admin (absent in demo mode). */
function shopifyResourcePicker():
  ((opts: { type: string; multiple: boolean; action: string }) => Promise<ShopifyPickerResult[] | undefined>) | null {
  if (typeof window === "undefined") return null;
  const picker = (window as unknown as { shopify?: { resourcePicker?: unknown } }).shopify?.resourcePicker;
  return typeof picker === "function" ? (picker as never) : null;
}

export function CatalogPicker(props: {
  label: string;
  types: PickerType[];
  value: PickedItem[];
  onChange: (value: PickedItem[]) => void;
  error?: string;
  helpText?: string;
  /** inside Shopify admin: offer Shopify's resource picker for products, variants and collections */
  embedded?: boolean;
  testId?: string;
}) {
  const { label, types, value, onChange, error, helpText, embedded, testId } = props;
  const [type, setType] = useState(types[0]!.type);
  const [query, setQuery] = useState("");
  const fetcher = useFetcher<typeof catalogLoader>();
  const { load } = fetcher; // stable across renders, unlike the fetcher object
  const current = types.find((t) => t.type === type) ?? types[0]!;

  // Debounced search: one request per pause in typing, and one when the type changes.
  useEffect(() => {
    const timer = setTimeout(
      () => {
        load(`/app/segments/catalog?${new URLSearchParams({ type, q: query })}`);
      },
      query ? 250 : 0,
    );
    return () => clearTimeout(timer);
  }, [load, type, query]);

  const chosen = useMemo(() => new Set(value.map((v) => `${v.type}:${v.value}`)), [value]);
  // A 400 (unknown type) carries `error` instead of items; the picker then shows no options.
  const result = fetcher.data && "items" in fetcher.data && fetcher.data.type === type ? fetcher.data : null;
  const fresh = result !== null;
  const options = result ? result.items.filter((i) => !chosen.has(`${i.type}:${i.value}`)) : [];

  const add = (key: string) => {
    const item = (fetcher.data && "items" in fetcher.data ? fetcher.data.items : []).find(
      (i) => `${i.type}:${i.value}` === key,
    );
    if (!item || chosen.has(key)) return;
    onChange([...value, { type: item.type, value: item.value, label: item.label }]);
    setQuery("");
  };

  const browse = async () => {
    const picker = shopifyResourcePicker();
    if (!picker) return;
    const resource = type === "collection" ? "collection" : type === "variant" ? "variant" : "product";
    const selection = await picker({ type: resource, multiple: true, action: "select" });
    if (!selection) return;
    const added = selection
      .map((s) => ({
        type: resource,
        value: s.id.replace(/^gid:\/\/shopify\/\w+\//, ""),
        label: s.displayName ?? s.title ?? s.id,
      }))
      .filter((s) => !chosen.has(`${s.type}:${s.value}`));
    onChange([...value, ...added]);
  };
  const canBrowse = embedded && ["product", "variant", "collection"].includes(type);

  return (
    <div data-testid={testId}>
      <BlockStack gap="200">
        <Text as="span" variant="bodyMd" fontWeight="medium">
          {label}
        </Text>
        <InlineStack gap="200" wrap={false} blockAlign="start">
          {types.length > 1 ? (
            <div style={{ minWidth: 150 }}>
              <Select
                label="Pick from"
                labelHidden
                options={types.map((t) => ({ label: t.label, value: t.type }))}
                value={type}
                onChange={setType}
              />
            </div>
          ) : null}
          <div style={{ flex: 1 }}>
            <Combobox
              allowMultiple
              activator={
                <Combobox.TextField
                  label={`Search ${current.label.toLowerCase()}`}
                  labelHidden
                  value={query}
                  onChange={setQuery}
                  placeholder={current.placeholder}
                  autoComplete="off"
                  error={error}
                  helpText={helpText}
                />
              }
            >
              {fresh ? (
                options.length ? (
                  <Listbox onSelect={add}>
                    {options.map((o) => (
                      <Listbox.Option
                        key={`${o.type}:${o.value}`}
                        value={`${o.type}:${o.value}`}
                        accessibilityLabel={o.label}
                      >
                        <Listbox.TextOption>
                          <BlockStack gap="050">
                            <Text as="span">{o.label}</Text>
                            {o.detail ? (
                              <Text as="span" tone="subdued" variant="bodySm">
                                {o.detail}
                              </Text>
                            ) : null}
                          </BlockStack>
                        </Listbox.TextOption>
                      </Listbox.Option>
                    ))}
                  </Listbox>
                ) : (
                  <Listbox>
                    <Listbox.Action value="none" disabled>
                      {query
                        ? `No ${current.label.toLowerCase()} match “${query}”`
                        : `No ${current.label.toLowerCase()} left to add`}
                    </Listbox.Action>
                  </Listbox>
                )
              ) : (
                <Listbox>
                  <Listbox.Loading accessibilityLabel="Searching" />
                </Listbox>
              )}
            </Combobox>
          </div>
          {canBrowse ? <Button onClick={browse}>Browse</Button> : null}
        </InlineStack>
        {value.length ? (
          <InlineStack gap="150">
            {value.map((v) => (
              <Tag
                key={`${v.type}:${v.value}`}
                onRemove={() => onChange(value.filter((x) => !(x.type === v.type && x.value === v.value)))}
              >
                {`${TYPE_NOUN[v.type] ?? v.type}: ${v.label}`}
              </Tag>
            ))}
          </InlineStack>
        ) : null}
      </BlockStack>
    </div>
  );
}
