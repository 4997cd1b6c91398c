// The deterministic demo store: a seeded, streaming generator of collections, products, customers and orders
// in the normalized row model (app/ingest/rows.ts). Same seed and `now` → the same store, record for record.
//
// Memory stays flat in the number of orders: orders are produced day by day in time order and never held;
// only the catalogue and a few typed arrays per customer (signup day, purchase weight, lapse day, affinity)
// are kept. Customer details are re-derived from a per-customer random stream whenever an order needs them.
import type {
  CollectionRow,
  CustomerRow,
  LineRow,
  OrderRow,
  ProductRow,
  RefundLineRow,
  RefundRow,
  StoreRecord,
  VariantRow,
} from "../../app/ingest/rows";
import {
  ADJECTIVES,
  COUNTRIES,
  type CountryProfile,
  DISCOUNT_CODES,
  formatPhone,
  GARBAGE_PHONES,
  ODD_LANDING_SITES,
  REFERRING_SITES,
  type Region,
  STORE_COLLECTIONS,
  THEMES,
  type Theme,
  UTM_SOURCES,
} from "./catalog";
import { hashSeed, Random } from "./random";

const DAY_MS = 86_400_000;
/** Orders span this many days before `now` (a little over two years, so year-on-year comparisons work). */
export const HISTORY_DAYS = 800;
/** Lapsed big spenders have bought nothing for at least this many days before `now`. */
export const LAPSED_MIN_DAYS = 125;

// Shopify-like 64-bit ids, deliberately above 2^53 (9_007_199_254_740_992) so that any code parsing them through
// a JS number corrupts them visibly. One range per object type keeps ids readable when debugging.
export const ID_BASE = {
  collection: 7_010_000_000_000_000_000n,
  product: 7_020_000_000_000_000_000n,
  variant: 7_030_000_000_000_000_000n,
  customer: 7_040_000_000_000_000_000n,
  order: 7_050_000_000_000_000_000n,
  line: 7_060_000_000_000_000_000n,
  refund: 7_070_000_000_000_000_000n,
} as const;

export interface GenerateStoreOptions {
  orders: number;
  seed?: number;
  /** orders end the day before this instant; defaults to the start of the current UTC day */
  now?: Date;
  /** shop currency (a two-decimal currency; prices are generated in its minor units) */
  currency?: string;
}

export interface StoreShape {
  orders: number;
  customers: number;
  products: number;
  /** affinity clusters: small groups of related products bought together (cross-sell pairs) */
  clusters: number;
  collections: number;
  days: number;
}

/** Sizes derived from the order count: customers ≈ orders / 5, catalogue ~ √orders. */
export function storeShape(orders: number): StoreShape {
  const n = Math.max(0, Math.floor(orders));
  const products = Math.min(5000, Math.max(20, Math.round(3 * Math.sqrt(n))));
  return {
    orders: n,
    customers: Math.max(10, Math.round(n / 5)),
    products,
    clusters: Math.max(THEMES.length, Math.round(products / 10)),
    collections: THEMES.length + STORE_COLLECTIONS.length,
    days: HISTORY_DAYS,
  };
}

/** The product type that fits the noun ("Decaf Blend" is Coffee Beans); the random draw only as a fallback. */
function typeOfNoun(theme: Theme, noun: string, drawn: string): string {
  return theme.productTypes[theme.nounTypes[theme.nouns.indexOf(noun)] ?? -1] ?? drawn;
}

interface PlannedProduct {
  index: number;
  row: ProductRow;
  theme: Theme;
  cluster: number;
  sellable: boolean;
}

interface Cluster {
  products: PlannedProduct[];
  /** cumulative Zipf weights: the first products of a cluster sell most */
  cumulative: number[];
}

interface CustomerProfile {
  row: CustomerRow;
  country: CountryProfile;
  region: Region;
}

interface PlannedLine extends LineRow {
  /** net of discounts, for proportional refunds */
  netMinor: bigint;
}

function startOfUtcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS) * DAY_MS;
}

/** Prices end in 99 (minor units), like most shops. */
function shelfPrice(minor: number): bigint {
  return BigInt(Math.max(99, Math.round(minor / 100) * 100 - 1));
}

function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function emailPart(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

/** Black Friday: the day after the fourth Thursday of November. */
function blackFriday(year: number): number {
  const nov1 = Date.UTC(year, 10, 1);
  const weekday = new Date(nov1).getUTCDay();
  const firstThursday = 1 + ((4 - weekday + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 21 + 1);
}

interface DayCalendar {
  /** relative order volume */
  weight: number;
  bfcm: boolean;
  /** store-wide sale event key (several products marked down), or -1 */
  saleEvent: number;
}

function calendarFor(dayStartMs: number, dayIndex: number): DayCalendar {
  const date = new Date(dayStartMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dom = date.getUTCDate();
  const bf = blackFriday(year);
  const bfcm = dayStartMs >= bf - DAY_MS && dayStartMs <= bf + 3 * DAY_MS;
  const seasonal = [0.8, 0.85, 0.95, 1, 1, 0.95, 1.1, 1, 1, 1.05, 1.5, 1.7][month]!;
  const holidayRush = month === 11 && dom <= 20 ? 1.2 : month === 11 && dom >= 24 ? 0.7 : 1;
  const weekday = date.getUTCDay();
  const weekly = weekday === 0 || weekday === 6 ? 1.1 : weekday === 1 ? 1.05 : 1;
  const growth = 0.6 + 0.8 * (dayIndex / HISTORY_DAYS);
  let saleEvent = -1;
  if (bfcm) saleEvent = year * 10 + 1;
  else if (month === 6 && dom <= 14) saleEvent = year * 10 + 2;
  else if ((month === 11 && dom >= 26) || (month === 0 && dom <= 10))
    saleEvent = (month === 0 ? year - 1 : year) * 10 + 3;
  return { weight: growth * seasonal * holidayRush * weekly * (bfcm ? 2.6 : 1), bfcm, saleEvent };
}

/** Splits `total` across days in proportion to weights, exactly (largest remainder). */
function allocate(total: number, weights: number[]): Int32Array {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = new Int32Array(weights.length);
  const remainders: [number, number][] = [];
  let given = 0;
  weights.forEach((w, i) => {
    const exact = (total * w) / sum;
    counts[i] = Math.floor(exact);
    given += counts[i]!;
    remainders.push([exact - counts[i]!, i]);
  });
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < total - given; k++) counts[remainders[k]![1]] += 1;
  return counts;
}

function cumulativeZipf(n: number, exponent: number): number[] {
  const out: number[] = [];
  let acc = 0;
  for (let i = 0; i < n; i++) out.push((acc += 1 / Math.pow(i + 1, exponent)));
  return out;
}

/** Index of the first cumulative weight above u·total within [0, end). */
function searchCumulative(cumulative: ArrayLike<number>, end: number, u: number): number {
  const target = u * cumulative[end - 1]!;
  let lo = 0;
  let hi = end - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function* generateStore(opts: GenerateStoreOptions): Generator<StoreRecord> {
  const seed = opts.seed ?? 42;
  const currency = (opts.currency ?? "USD").toUpperCase();
  const now = opts.now ?? new Date(startOfUtcDay(new Date()));
  const nowMs = now.getTime();
  const shape = storeShape(opts.orders);
  const windowStart = startOfUtcDay(now) - HISTORY_DAYS * DAY_MS;
  const countryWeights = COUNTRIES.map((c) => [c, c.weight] as const);

  // ---- collections -------------------------------------------------------------------------------------
  const collections: CollectionRow[] = [
    ...THEMES.map((t) => ({ title: t.name, handle: slug(t.name) })),
    ...STORE_COLLECTIONS.map((title) => ({ title, handle: slug(title) })),
  ].map((c, i) => ({ id: ID_BASE.collection + BigInt(i + 1), ...c }));
  const collectionByTitle = new Map(collections.map((c) => [c.title, c.id]));
  for (const row of collections) yield { type: "collection", row };

  // ---- products ------------------------------------------------------------------------------------------
  const products: PlannedProduct[] = [];
  const clusters: Cluster[] = Array.from({ length: shape.clusters }, () => ({ products: [], cumulative: [] }));
  const titles = new Set<string>();
  let variantSeq = 0;
  for (let p = 0; p < shape.products; p++) {
    const r = new Random(hashSeed(seed, 2, p));
    const cluster = p % shape.clusters;
    const theme = THEMES[cluster % THEMES.length]!;
    const adjective = r.pick(ADJECTIVES);
    const noun = r.pick(theme.nouns);
    let title = `${adjective} ${noun}`;
    for (let k = 2; titles.has(title); k++) title = `${title.replace(/ No\. \d+$/, "")} No. ${k}`;
    titles.add(title);
    const id = ID_BASE.product + BigInt(p + 1);
    const base = Math.exp(Math.log(theme.price[0]) + r.next() * (Math.log(theme.price[1]) - Math.log(theme.price[0])));
    const optionCount = theme.options.length === 1 ? 1 : r.int(1, Math.min(4, theme.options.length));
    const saleKind = r.weighted([
      ["none", 77],
      ["markdown", 18],
      ["equal", 3],
      ["below", 2],
    ] as const);
    const variants: VariantRow[] = [];
    for (let v = 0; v < optionCount; v++) {
      const price = shelfPrice(base * (1 + 0.2 * v));
      let compareAt: bigint | null = null;
      if (saleKind === "markdown") compareAt = shelfPrice(Number(price) * (1.15 + r.next() * 0.35));
      else if (saleKind === "equal") compareAt = price;
      else if (saleKind === "below") compareAt = price > 200n ? price - 100n : null;
      variantSeq += 1;
      variants.push({
        id: ID_BASE.variant + BigInt(variantSeq),
        productId: id,
        title: optionCount === 1 && theme.options.length === 1 ? "Default Title" : theme.options[v]!,
        sku: `${slug(theme.name).slice(0, 3).toUpperCase()}-${String(p + 1).padStart(5, "0")}-${v + 1}`,
        priceMinor: price,
        compareAtPriceMinor: compareAt,
      });
    }
    const status = r.weighted([
      ["active", 92],
      ["draft", 3],
      ["archived", 5],
    ] as const);
    const rank = clusters[cluster]!.products.length;
    const collectionIds = [collectionByTitle.get(theme.name)!];
    if (saleKind === "markdown") collectionIds.push(collectionByTitle.get("Sale")!);
    if (rank === 0) collectionIds.push(collectionByTitle.get("Best Sellers")!);
    if (variants[0]!.priceMinor! < 5000n && r.chance(0.6))
      collectionIds.push(collectionByTitle.get("Gifts Under $50")!);
    if (r.chance(0.1)) collectionIds.push(collectionByTitle.get("New Arrivals")!);
    const row: ProductRow = {
      id,
      title,
      handle: slug(title),
      vendor: r.pick(theme.vendors),
      // The draw stays (same random stream for every later field); the type follows the noun.
      productType: typeOfNoun(theme, noun, r.pick(theme.productTypes)),
      tags: r.sample(theme.tags, r.int(1, theme.tags.length)).concat(saleKind === "markdown" ? ["sale"] : []),
      status,
      updatedAt: new Date(windowStart - r.int(1, 200) * DAY_MS + r.int(0, DAY_MS - 1)),
      collectionIds,
      variants,
    };
    const planned: PlannedProduct = { index: p, row, theme, cluster, sellable: status !== "draft" };
    products.push(planned);
    if (planned.sellable) clusters[cluster]!.products.push(planned);
    yield { type: "product", row };
  }
  for (const c of clusters) c.cumulative = cumulativeZipf(c.products.length, 1);
  const sellable = products.filter((p) => p.sellable);
  const clusterPopularity = cumulativeZipf(shape.clusters, 0.8);

  // ---- customers: the purchase plan (kept) and the rows (re-derived on demand) ----------------------------
  const customerCount = shape.customers;
  const signupDay = new Int32Array(customerCount);
  const cumulativeWeight = new Float64Array(customerCount);
  /** last day a lapsed customer may buy; HISTORY_DAYS for everyone else */
  const lastBuyingDay = new Int32Array(customerCount);
  const primaryCluster = new Int32Array(customerCount);
  const secondaryCluster = new Int32Array(customerCount);
  /** 0 = ordinary, 1 = big spender, 2 = lapsed big spender */
  const spender = new Uint8Array(customerCount);
  let acc = 0;
  for (let i = 0; i < customerCount; i++) {
    const r = new Random(hashSeed(seed, 4, i));
    // Signup days increase with the customer index (ids grow with time), so the customers who exist on a
    // given day are a prefix of the arrays. A tenth signed up in the year before the order history starts.
    const x = i / customerCount;
    signupDay[i] =
      x < 0.1
        ? -365 + Math.floor((x / 0.1) * 365)
        : Math.min(HISTORY_DAYS - 1, Math.floor(HISTORY_DAYS * Math.pow((x - 0.1) / 0.9, 1 / 1.3)));
    // Power-law purchase propensity: most buy once or twice, a few buy constantly.
    let weight = r.chance(0.25) ? 0.08 : Math.min(50, Math.pow(1 - r.next(), -1 / 1.6));
    lastBuyingDay[i] = HISTORY_DAYS;
    const latestLapse = HISTORY_DAYS - 1 - LAPSED_MIN_DAYS;
    if (signupDay[i]! < HISTORY_DAYS * 0.55 && r.chance(0.05)) {
      const until = Math.max(signupDay[i]! + 45, HISTORY_DAYS - 1 - r.int(LAPSED_MIN_DAYS, 420));
      if (until <= latestLapse) {
        spender[i] = 2;
        lastBuyingDay[i] = until;
        weight = Math.min(60, 4 + weight * 3);
      }
    } else if (r.chance(0.03)) {
      spender[i] = 1;
      weight = Math.min(60, 2 + weight * 2);
    }
    cumulativeWeight[i] = acc += weight;
    primaryCluster[i] = searchCumulative(clusterPopularity, shape.clusters, r.next());
    secondaryCluster[i] = r.int(0, shape.clusters - 1);
  }

  const customerProfile = (i: number): CustomerProfile => {
    const r = new Random(hashSeed(seed, 3, i));
    const country = r.weighted(countryWeights);
    const region = r.pick(country.regions);
    const firstName = r.pick(country.names.first);
    const lastName = r.pick(country.names.last);
    const email = r.chance(0.02)
      ? null
      : `${emailPart(firstName)}.${emailPart(lastName)}${i + 1}@${r.pick(["example.com", "example.net", "example.org"])}`;
    const phone = customerPhone(r, country, region);
    const tags: string[] = [];
    if (spender[i]! > 0) tags.push("vip");
    if (r.chance(0.02)) tags.push("wholesale");
    if (r.chance(0.3)) tags.push("newsletter");
    if (r.chance(0.04)) tags.push("instagram");
    const createdAt = new Date(windowStart + signupDay[i]! * DAY_MS + r.int(0, DAY_MS - 1));
    let smsConsentState: string | null = null;
    let smsConsentOptInLevel: string | null = null;
    let smsConsentUpdatedAt: Date | null = null;
    let smsConsentCollectedFrom: string | null = null;
    if (phone !== null) {
      smsConsentState = r.weighted([
        ["subscribed", 35],
        ["not_subscribed", 47],
        ["unsubscribed", 10],
        ["pending", 3],
        ["invalid", 2],
        ["redacted", 0.5],
      ] as const);
      smsConsentOptInLevel =
        smsConsentState === "subscribed" ? r.pick(["single_opt_in", "confirmed_opt_in"]) : "unknown";
      smsConsentCollectedFrom = smsConsentState === "not_subscribed" ? null : r.pick(["SHOPIFY", "OTHER"]);
      smsConsentUpdatedAt =
        smsConsentState === "not_subscribed"
          ? null
          : new Date(Math.min(nowMs - 1, createdAt.getTime() + r.int(0, 90) * DAY_MS));
    }
    const updatedAt = new Date(
      Math.min(nowMs - 1, Math.max(createdAt.getTime() + r.int(0, 60) * DAY_MS, smsConsentUpdatedAt?.getTime() ?? 0)),
    );
    return {
      country,
      region,
      row: {
        id: ID_BASE.customer + BigInt(i + 1),
        email,
        firstName,
        lastName,
        phone,
        countryCode: country.code,
        provinceCode: region.provinceCode,
        province: region.province,
        city: region.city,
        tags,
        state: r.weighted([
          ["enabled", 75],
          ["disabled", 20],
          ["invited", 5],
        ] as const),
        locale: country.locale,
        smsConsentState,
        smsConsentOptInLevel,
        smsConsentUpdatedAt,
        smsConsentCollectedFrom,
        createdAt,
        updatedAt,
      },
    };
  };

  for (let i = 0; i < customerCount; i++) yield { type: "customer", row: customerProfile(i).row };

  // ---- orders, day by day -----------------------------------------------------------------------------------
  const r = new Random(hashSeed(seed, 5));
  const calendars: DayCalendar[] = [];
  for (let d = 0; d < HISTORY_DAYS; d++) calendars.push(calendarFor(windowStart + d * DAY_MS, d));
  const perDay = allocate(
    shape.orders,
    calendars.map((c) => c.weight),
  );
  let orderSeq = 0;
  let lineSeq = 0;
  let refundSeq = 0;
  let eligible = 0;

  const pickProduct = (customer: number, taken: Set<number>): PlannedProduct => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const x = r.next();
      const clusterIndex =
        customer < 0 || x >= 0.9
          ? searchCumulative(clusterPopularity, shape.clusters, r.next())
          : x < 0.75
            ? primaryCluster[customer]!
            : secondaryCluster[customer]!;
      const cluster = clusters[clusterIndex]!;
      const product = cluster.products.length
        ? cluster.products[searchCumulative(cluster.cumulative, cluster.products.length, r.next())]!
        : r.pick(sellable);
      if (!taken.has(product.index)) return product;
    }
    return r.pick(sellable);
  };

  for (let d = 0; d < HISTORY_DAYS; d++) {
    const count = perDay[d]!;
    if (count === 0) continue;
    const calendar = calendars[d]!;
    const dayStart = windowStart + d * DAY_MS;
    while (eligible < customerCount && signupDay[eligible]! < d) eligible++;
    const times: number[] = [];
    for (let k = 0; k < count; k++) times.push(r.int(0, DAY_MS - 1));
    times.sort((a, b) => a - b);

    for (const offset of times) {
      orderSeq += 1;
      const createdMs = dayStart + offset;
      let customer = -1;
      if (eligible > 0 && !r.chance(0.03)) {
        for (let attempt = 0; attempt < 8 && customer < 0; attempt++) {
          const candidate = searchCumulative(cumulativeWeight, eligible, r.next());
          if (lastBuyingDay[candidate]! >= d) customer = candidate;
        }
      }
      const profile = customer >= 0 ? customerProfile(customer) : null;
      const bigSpender = customer >= 0 && spender[customer]! > 0;
      const test = r.chance(0.002);

      // Lines, mostly from the customer's affinity cluster.
      const lineCount = Math.min(
        6,
        r.weighted([
          [1, 45],
          [2, 25],
          [3, 15],
          [4, 8],
          [5, 4],
          [6, 3],
        ] as const) + (bigSpender ? 1 : 0),
      );
      const taken = new Set<number>();
      const lines: PlannedLine[] = [];
      let items = 0;
      for (let l = 0; l < lineCount; l++) {
        const product = pickProduct(customer, taken);
        taken.add(product.index);
        const variant = r.pick(product.row.variants);
        const quantity =
          r.weighted([
            [1, 70],
            [2, 20],
            [3, 7],
            [4, 3],
          ] as const) + (bigSpender ? r.int(0, 2) : 0);
        let price = variant.priceMinor!;
        let compareAt = variant.compareAtPriceMinor;
        // Store-wide sale events mark down about a third of the catalogue for a few days.
        if (calendar.saleEvent >= 0 && hashSeed(seed, 7, product.index, calendar.saleEvent) % 100 < 30) {
          const off = 20 + (hashSeed(seed, 8, product.index, calendar.saleEvent) % 3) * 5;
          const regular = price;
          price = shelfPrice((Number(regular) * (100 - off)) / 100);
          if (compareAt === null || compareAt < regular) compareAt = regular;
        }
        lineSeq += 1;
        items += quantity;
        lines.push({
          id: ID_BASE.line + BigInt(lineSeq),
          productId: product.row.id,
          variantId: variant.id,
          title: product.row.title,
          sku: variant.sku,
          vendor: product.row.vendor,
          quantity,
          priceMinor: price,
          totalDiscountMinor: 0n,
          compareAtPriceMinor: compareAt,
          netMinor: 0n,
        });
      }

      // Discounts: codes on about a fifth of orders (more over BFCM), automatic "buy 3, save 10%".
      const discountCodes: string[] = [];
      let percent = 0;
      let freeShipping = false;
      if (r.chance(calendar.bfcm ? 0.4 : 0.18)) {
        const code = calendar.bfcm ? { code: "BFCM25", percent: 25 } : r.pick(DISCOUNT_CODES);
        discountCodes.push(code.code);
        percent += code.percent;
        freeShipping = "freeShipping" in code && code.freeShipping === true;
      }
      const hasAutomaticDiscount = items >= 3 && r.chance(0.2);
      if (hasAutomaticDiscount) percent += 10;
      let gross = 0n;
      let lineDiscounts = 0n;
      for (const line of lines) {
        const lineGross = line.priceMinor * BigInt(line.quantity);
        line.totalDiscountMinor = (lineGross * BigInt(percent)) / 100n;
        line.netMinor = lineGross - line.totalDiscountMinor;
        gross += lineGross;
        lineDiscounts += line.totalDiscountMinor;
      }
      const subtotal = gross - lineDiscounts;
      const shippingDue = subtotal >= 7500n ? 0n : 695n;
      const shipping = freeShipping ? 0n : shippingDue;
      const total = subtotal + shipping;

      // Cancellations (with a refund when the payment had been captured) and refunds.
      let cancelledAt: Date | null = null;
      let cancelReason: string | null = null;
      let financialStatus = "paid";
      const refunds: RefundRow[] = [];
      const orderId = ID_BASE.order + BigInt(orderSeq);
      const newRefund = (atMs: number, amount: bigint, refundLines: RefundLineRow[], note: string | null) => {
        refundSeq += 1;
        refunds.push({
          id: ID_BASE.refund + BigInt(refundSeq),
          orderId,
          amountMinor: amount,
          note,
          createdAt: new Date(atMs),
          processedAt: new Date(atMs),
          lines: refundLines,
        });
      };
      const fullRefundLines = () =>
        lines.map((line) => ({ lineItemId: line.id, quantity: line.quantity, subtotalMinor: line.netMinor }));
      if (!test && r.chance(0.02)) {
        const cancelMs = Math.max(createdMs + 1, Math.min(nowMs - 1, createdMs + r.int(600_000, 2 * DAY_MS)));
        cancelledAt = new Date(cancelMs);
        cancelReason = r.weighted([
          ["customer", 45],
          ["inventory", 20],
          ["fraud", 15],
          ["declined", 10],
          ["other", 10],
        ] as const);
        if (cancelReason !== "declined" && r.chance(0.6)) {
          newRefund(cancelMs, total, fullRefundLines(), "Order canceled");
          financialStatus = "refunded";
        } else {
          financialStatus = "voided";
        }
      } else if (!test && r.chance(0.05)) {
        const refundMs = createdMs + r.int(3_600_000, 30 * DAY_MS);
        if (refundMs < nowMs) {
          const kind = r.weighted([
            ["full", 35],
            ["partial", 55],
            ["goodwill", 10],
          ] as const);
          if (kind === "full") {
            newRefund(refundMs, total, fullRefundLines(), r.pick([null, "Returned", "Damaged in transit"]));
            financialStatus = "refunded";
          } else if (kind === "partial") {
            const chosen = lines.length > 1 ? r.sample(lines, r.int(1, lines.length - 1)) : lines;
            const refundLines = chosen.map((line) => {
              const quantity = r.int(1, line.quantity);
              return {
                lineItemId: line.id,
                quantity,
                subtotalMinor: (line.netMinor * BigInt(quantity)) / BigInt(line.quantity),
              };
            });
            const amount = refundLines.reduce((sum, l) => sum + l.subtotalMinor, 0n);
            if (amount > 0n) {
              newRefund(refundMs, amount, refundLines, r.pick([null, "Wrong size", "Customer changed mind"]));
              financialStatus = "partially_refunded";
            }
          } else {
            const amount = (total * BigInt(r.int(5, 20))) / 100n;
            if (amount > 0n) {
              newRefund(refundMs, amount, [], "Goodwill credit");
              financialStatus = "partially_refunded";
            }
          }
        }
      }

      const source = r.weighted([
        ["web", 88],
        ["pos", 4],
        ["iphone", 4],
        ["android", 3],
        ["shopify_draft_order", 1],
      ] as const);
      const { landingSite, referringSite } =
        source === "pos" ? { landingSite: null, referringSite: null } : visit(r, products, createdMs);
      const latestChange = Math.max(
        createdMs,
        cancelledAt?.getTime() ?? 0,
        ...refunds.map((f) => f.createdAt.getTime()),
      );
      let country: CountryProfile;
      let region: Region;
      let email: string | null;
      let phone: string | null;
      if (profile) {
        country = profile.country;
        region = profile.region;
        email = profile.row.email;
        phone = r.chance(0.4) ? profile.row.phone : null;
      } else {
        country = r.weighted(countryWeights);
        region = r.pick(country.regions);
        email = r.chance(0.7) ? `guest.${orderSeq}@example.net` : null;
        phone = r.chance(0.3) ? formatPhone(r, country, country.mobile(r, region)) : null;
      }
      const order: OrderRow = {
        id: orderId,
        name: `#${1000 + orderSeq}`,
        customerId: profile ? profile.row.id : null,
        email,
        phone,
        presentmentCurrency: country.currency !== currency && r.chance(0.4) ? country.currency : currency,
        subtotalMinor: subtotal,
        totalMinor: total,
        totalDiscountsMinor: lineDiscounts + (shippingDue - shipping),
        discountCodes,
        hasAutomaticDiscount,
        landingSite,
        referringSite,
        sourceName: source,
        financialStatus,
        test,
        countryCode: country.code,
        provinceCode: region.provinceCode,
        city: region.city,
        createdAt: new Date(createdMs),
        processedAt: r.chance(0.01) ? null : new Date(createdMs),
        updatedAt: new Date(Math.min(nowMs, latestChange + r.int(0, 3_600_000))),
        cancelledAt,
        cancelReason,
        lines: lines.map(({ netMinor: _net, ...line }) => line),
        refunds,
      };
      yield { type: "order", row: order };
    }
  }
}

/** A customer's phone: ~10% none, ~5% unusable (landline, garbage, wrong length), the rest mobiles. */
function customerPhone(r: Random, country: CountryProfile, region: Region): string | null {
  const x = r.next();
  if (x < 0.1) return null;
  if (x < 0.125) {
    const landline = country.landline(r, region);
    if (landline !== null) return formatPhone(r, country, landline);
  }
  if (x < 0.14) return r.pick(GARBAGE_PHONES);
  if (x < 0.155) {
    const mobile = country.mobile(r, region);
    // A digit lost or doubled while typing.
    return `+${country.callingCode}${r.chance(0.5) ? mobile.slice(0, -3) : mobile + r.digits(3)}`;
  }
  return formatPhone(r, country, country.mobile(r, region));
}

function visit(
  r: Random,
  products: PlannedProduct[],
  createdMs: number,
): { landingSite: string | null; referringSite: string | null } {
  const x = r.next();
  if (x < 0.03) return { landingSite: r.pick(ODD_LANDING_SITES), referringSite: null };
  if (x < 0.06) return { landingSite: null, referringSite: null };
  const path = r.weighted([
    ["/", 60],
    [`/products/${r.pick(products).row.handle}`, 25],
    [`/collections/${slug(r.pick(THEMES).name)}`, 15],
  ] as const);
  if (r.chance(0.15)) {
    const utm = r.pick(UTM_SOURCES);
    const year = new Date(createdMs).getUTCFullYear();
    const campaign = r.pick([`spring_sale_${year}`, `summer_${year}`, `bfcm_${year}`, "restock", "new_arrivals"]);
    return {
      landingSite: `${path}?utm_source=${utm.source}&utm_medium=${utm.medium}&utm_campaign=${campaign}`,
      referringSite: utm.source === "google" ? "https://www.google.com/" : null,
    };
  }
  return { landingSite: path, referringSite: r.chance(0.5) ? r.pick(REFERRING_SITES) : null };
}
