// JSON with 64-bit ids. Shopify order/customer ids exceed 2^53: JSON.parse would silently round them.
// Node 22's reviver receives the source text of each primitive, so unsafe integers become exact BigInts.

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const bigintReviver: Reviver = (_key, value, context) => {
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source) {
    return BigInt(context.source);
  }
  return value;
};

export function parseJsonWithBigInts<T = unknown>(text: string): T {
  return JSON.parse(text, bigintReviver as Parameters<typeof JSON.parse>[1]) as T;
}

/** A Shopify id from a number, bigint, numeric string or GID ("gid://shopify/Order/123"). */
export function toShopifyId(value: unknown): bigint | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`id ${value} lost precision before it reached us`);
    return BigInt(value);
  }
  if (typeof value === "string") {
    const m = /(\d+)$/.exec(value);
    if (m) return BigInt(m[1]!);
  }
  throw new Error(`not a Shopify id: ${String(value)}`);
}

/** JSON.stringify that writes BigInts as bare digits (Shopify's own format) instead of throwing. */
export function stringifyWithBigInts(value: unknown): string {
  const marker = "__bigint__";
  const text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${marker}${v.toString()}${marker}` : v));
  return text.replace(new RegExp(`"${marker}(-?\\d+)${marker}"`, "g"), "$1");
}
