// The Shopify simulator must be honest: these tests check that it writes Shopify's JSONL, enforces the bulk
// query rules, the one-at-a-time rule, the cost-based throttle and authentication, and signs webhooks.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  startShopifySimulator,
  storeDataFromArrays,
  generatedStoreData,
  shopInfo,
  type ShopifySimulator,
  type StoreData,
} from "./shopify/index";

const SHOP = "sim-test.myshopify.com";
const TOKEN = "shpat_sim_token";
const SECRET = "sim-secret";

let sim: ShopifySimulator | null = null;
let receiver: Server | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  receiver = null;
});

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });

function smallStore(): StoreData {
  return storeDataFromArrays({
    shop: shopInfo(SHOP),
    customers: [
      {
        id: "gid://shopify/Customer/9007199254740993",
        email: "a@example.com",
        phone: "+15555550101",
        defaultPhoneNumber: { phoneNumber: "+15555550101", marketingState: "SUBSCRIBED" },
        updatedAt: "2025-01-01T00:00:00Z",
      },
      {
        id: "gid://shopify/Customer/2",
        email: "b@example.com",
        phone: null,
        defaultPhoneNumber: null,
        updatedAt: "2025-01-01T00:00:00Z",
      },
    ],
    orders: [
      {
        id: "gid://shopify/Order/5001",
        name: "#1001",
        createdAt: "2025-06-01T14:26:51Z",
        updatedAt: "2025-06-01T14:27:00Z",
        customer: { id: "gid://shopify/Customer/9007199254740993", email: "a@example.com" },
        currentTotalPriceSet: money("54.00"),
        lineItems: [
          {
            id: "gid://shopify/LineItem/7001",
            quantity: 2,
            variant: { id: "gid://shopify/ProductVariant/42" },
            originalUnitPriceSet: money("27.00"),
          },
          { id: "gid://shopify/LineItem/7002", quantity: 1, variant: null, originalUnitPriceSet: money("0.00") },
        ],
      },
      {
        id: "gid://shopify/Order/5002",
        name: "#1002",
        createdAt: "2025-07-01T00:00:00Z",
        updatedAt: "2025-07-01T00:00:00Z",
        customer: null,
        currentTotalPriceSet: money("0.00"),
        lineItems: { edges: [] },
      },
      {
        id: "gid://shopify/Order/5003",
        name: "#1003",
        createdAt: "2025-08-01T00:00:00Z",
        updatedAt: "2025-08-02T00:00:00Z",
        customer: { id: "gid://shopify/Customer/2" },
        currentTotalPriceSet: money("10.00"),
        lineItems: {
          edges: [
            {
              node: {
                id: "gid://shopify/LineItem/7003",
                quantity: 1,
                variant: { id: "gid://shopify/ProductVariant/43" },
                originalUnitPriceSet: money("10.00"),
              },
            },
          ],
        },
      },
    ],
  });
}

async function start(
  overrides: Partial<Parameters<typeof startShopifySimulator>[0]> = {},
  data: StoreData = smallStore(),
) {
  sim = await startShopifySimulator({
    shops: [{ domain: SHOP, accessToken: TOKEN, data }],
    apiSecret: SECRET,
    bulkDelayMs: 0,
    ...overrides,
  });
  return sim;
}

async function gql(
  query: string,
  variables?: Record<string, unknown>,
  token = TOKEN,
): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${sim!.url}/admin/api/2025-07/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Shopify-Shop-Domain": SHOP },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text), text };
}

const RUN = `mutation Run($q: String!, $g: Boolean) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id status } userErrors { field message code } } }`;
const ORDERS_QUERY = `{ orders { edges { node { id name customer { id } currentTotalPriceSet { shopMoney { amount } } note
  lineItems { edges { node { id quantity variant { id } originalUnitPriceSet { shopMoney { amount } } } } } } } } }`;

async function runBulk(query: string, groupObjects = true) {
  const r = await gql(RUN, { q: query, g: groupObjects });
  expect(r.json.data.bulkOperationRunQuery.userErrors).toEqual([]);
  const id: string = r.json.data.bulkOperationRunQuery.bulkOperation.id;
  await sim!.waitForBulkOperation(id);
  const poll = await gql(
    `{ currentBulkOperation(type: QUERY) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl } }`,
  );
  return poll.json.data.currentBulkOperation;
}

describe("bulk query operations", () => {
  it("writes Shopify's JSONL: children as their own lines with __parentId, after their parent", async () => {
    await start();
    const op = await runBulk(ORDERS_QUERY, true);
    expect(op).toMatchObject({
      status: "COMPLETED",
      errorCode: null,
      objectCount: "6",
      rootObjectCount: "3",
      partialDataUrl: null,
    });
    const text = await (await fetch(op.url)).text();
    expect(String(Buffer.byteLength(text))).toBe(op.fileSize);
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([
      "gid://shopify/Order/5001",
      "gid://shopify/LineItem/7001",
      "gid://shopify/LineItem/7002",
      "gid://shopify/Order/5002",
      "gid://shopify/Order/5003",
      "gid://shopify/LineItem/7003",
    ]);
    expect(lines[0]).toEqual({
      id: "gid://shopify/Order/5001",
      name: "#1001",
      customer: { id: "gid://shopify/Customer/9007199254740993" },
      currentTotalPriceSet: { shopMoney: { amount: "54.00" } },
      note: null,
    });
    expect(lines[1]).toEqual({
      id: "gid://shopify/LineItem/7001",
      quantity: 2,
      variant: { id: "gid://shopify/ProductVariant/42" },
      originalUnitPriceSet: { shopMoney: { amount: "27.00" } },
      __parentId: "gid://shopify/Order/5001",
    });
    expect(lines[2].variant).toBeNull();
    expect(lines[5].__parentId).toBe("gid://shopify/Order/5003");
    expect(lines[3]).not.toHaveProperty("__parentId");
  });

  it("without groupObjects still writes every child after its parent, and filters on updated_at", async () => {
    await start({}, generatedStoreData({ domain: SHOP, orders: 300 }));
    const op = await runBulk(`{ orders { edges { node { id lineItems { edges { node { id } } } } } } }`, false);
    const lines = (await (await fetch(op.url)).text())
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    const seen = new Set<string>();
    let displaced = 0;
    let lastRoot = "";
    for (const l of lines) {
      if (l.__parentId) {
        expect(seen.has(l.__parentId)).toBe(true);
        if (l.__parentId !== lastRoot) displaced++;
      } else lastRoot = l.id;
      seen.add(l.id);
    }
    expect(lines.length).toBe(300 + 300 * 2); // 1–3 lines per order, 2 on average over full cycles
    expect(Number(op.objectCount)).toBe(lines.length);
    expect(displaced).toBeGreaterThan(0);

    // orders are 5 minutes apart from 2024-01-01: the last 10 have updatedAt >= 24h45m
    const cutoff = new Date(Date.parse("2024-01-01T00:00:00Z") + 290 * 5 * 60_000).toISOString();
    const tail = await runBulk(`{ orders(query: "updated_at:>='${cutoff}'") { edges { node { id updatedAt } } } }`);
    expect(tail.rootObjectCount).toBe("10");
  });

  it("rejects queries Shopify rejects", async () => {
    await start();
    const errorsOf = async (q: string) => (await gql(RUN, { q, g: true })).json.data.bulkOperationRunQuery;
    const two = await errorsOf(`{ orders { edges { node { id } } } customers { edges { node { id } } } }`);
    expect(two.bulkOperation).toBeNull();
    expect(two.userErrors).toEqual([
      { field: ["query"], message: "Bulk queries must contain exactly one top-level field.", code: "INVALID" },
    ]);
    const deep = await errorsOf(
      `{ collections { edges { node { id products { edges { node { id variants { edges { node { id metafields { edges { node { id } } } } } } } } } } } } }`,
    );
    expect(deep.userErrors.map((e: { message: string }) => e.message)).toContain(
      "Bulk queries cannot contain connections with a nesting depth greater than 2.",
    );
    const many = await errorsOf(
      `{ products { edges { node { id a: variants { edges { node { id } } } b: variants { edges { node { id } } } c: variants { edges { node { id } } } d: variants { edges { node { id } } } e: variants { edges { node { id } } } } } } }`,
    );
    expect(many.userErrors[0].message).toBe("Bulk queries cannot contain more than 5 connections.");
    const none = await errorsOf(`{ shop { name } }`);
    expect(none.userErrors[0].message).toBe("Bulk queries must contain at least one connection.");
    const viaNodes = await errorsOf(`{ orders { nodes { id } } }`);
    expect(viaNodes.userErrors[0].message).toMatch(/must select their contents using 'edges' > 'node'/);
    const noParentId = await errorsOf(`{ orders { edges { node { name lineItems { edges { node { id } } } } } } }`);
    expect(noParentId.userErrors[0].message).toMatch(/must select the 'id' field/);
    expect(sim!.bulkOperations).toHaveLength(0);
  });

  it("allows one running bulk query per shop (OPERATION_IN_PROGRESS), and cancels", async () => {
    await start({ bulkDelayMs: 400 });
    const first = (await gql(RUN, { q: ORDERS_QUERY, g: true })).json.data.bulkOperationRunQuery;
    expect(first.userErrors).toEqual([]);
    const second = (await gql(RUN, { q: ORDERS_QUERY, g: true })).json.data.bulkOperationRunQuery;
    expect(second.bulkOperation).toBeNull();
    expect(second.userErrors).toEqual([
      {
        field: null,
        code: "OPERATION_IN_PROGRESS",
        message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperation.id}.`,
      },
    ]);
    const polled = await gql(`query($id: ID!) { node(id: $id) { ... on BulkOperation { id status } } }`, {
      id: first.bulkOperation.id,
    });
    expect(polled.json.data.node).toEqual({ id: first.bulkOperation.id, status: "RUNNING" });
    await sim!.waitForBulkOperation(first.bulkOperation.id);
    const third = (await gql(RUN, { q: ORDERS_QUERY, g: true })).json.data.bulkOperationRunQuery;
    expect(third.userErrors).toEqual([]);
    const cancel = await gql(
      `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`,
      { id: third.bulkOperation.id },
    );
    expect(cancel.json.data.bulkOperationCancel).toEqual({ bulkOperation: { status: "CANCELING" }, userErrors: [] });
    expect((await sim!.waitForBulkOperation(third.bulkOperation.id)).status).toBe("CANCELED");
  });

  it("fails or truncates the next operation on request, and announces the end with bulk_operations/finish", async () => {
    const hooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const url = await startReceiver((headers, body) => {
      hooks.push({ headers, body });
      return 200;
    });
    await start({ webhookUrl: url });
    sim!.failNextBulkOperation(SHOP, "TIMEOUT", 2);
    const failed = await runBulk(ORDERS_QUERY);
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", url: null });
    expect((await (await fetch(failed.partialDataUrl)).text()).trimEnd().split("\n")).toHaveLength(2);

    sim!.truncateNextBulkFile(SHOP, 3);
    const cut = await runBulk(ORDERS_QUERY);
    const text = await (await fetch(cut.url)).text();
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(() => JSON.parse(lines[2]!)).toThrow();

    await waitFor(() => hooks.length === 2);
    const finish = JSON.parse(hooks[0]!.body);
    expect(finish).toMatchObject({
      admin_graphql_api_id: sim!.bulkOperations[0]!.id,
      status: "failed",
      error_code: "timeout",
      type: "query",
    });
    expect(hooks[0]!.headers["x-shopify-topic"]).toBe("bulk_operations/finish");
    expect(verify(hooks[1]!.body, hooks[1]!.headers["x-shopify-hmac-sha256"] as string, SECRET)).toBe(true);
    expect(JSON.parse(hooks[1]!.body).status).toBe("completed");
  });

  it("streams a 200k-order store to disk without holding it in memory", async () => {
    await start({}, generatedStoreData({ domain: SHOP, orders: 200_000 }));
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const op = await runBulk(ORDERS_QUERY, true);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(op.status).toBe("COMPLETED");
    expect(op.rootObjectCount).toBe("200000");
    // 1, 2, 3 line items in turn: 200000 orders → 399999 line items (the cycle ends on a 2-line order)
    expect(op.objectCount).toBe(String(200_000 + 399_999));
    expect((peak - before) / 1024 / 1024).toBeLessThan(100);

    // the file is streamed back too: count lines without keeping them
    const res = await fetch(op.url);
    let newlines = 0;
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
    }
    expect(newlines).toBe(Number(op.objectCount));
    expect(String(bytes)).toBe(op.fileSize);
  }, 60_000);
});

describe("GraphQL endpoint", () => {
  it("answers 401 with Shopify's body to a wrong or missing token", async () => {
    await start();
    const wrong = await gql(`{ shop { name } }`, undefined, "shpat_wrong");
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe(
      `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`,
    );
    const res = await fetch(`${sim!.url}/shops/${SHOP}/admin/api/2025-07/graphql.json`, {
      method: "POST",
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(res.status).toBe(401);
  });

  it("serves shop through either way of naming the shop, and reports unknown fields like Shopify", async () => {
    await start();
    const res = await fetch(`${sim!.url}/shops/${SHOP}/admin/api/2025-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN },
      body: JSON.stringify({ query: "{ shop { name currencyCode ianaTimezone myshopifyDomain } }" }),
    });
    const ok = await res.json();
    expect(ok.data.shop).toEqual({
      name: "sim-test",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      myshopifyDomain: SHOP,
    });
    expect(ok.extensions.cost).toMatchObject({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });

    const bad = await gql(`{ shop { name } bogus }`);
    expect(bad.status).toBe(200);
    expect(bad.json.errors).toEqual([
      {
        message: "Field 'bogus' doesn't exist on type 'QueryRoot'",
        locations: [{ line: 1, column: 17 }],
        extensions: { code: "undefinedField", typeName: "QueryRoot", fieldName: "bogus" },
      },
    ]);
    expect(bad.json.data).toBeUndefined();
  });

  it("throttles when the bucket is drained and recovers after the wait the cost data implies", async () => {
    await start({ restoreRate: 20, bucketSize: 100 });
    const cheap = `mutation { bulkOperationCancel(id: "gid://shopify/BulkOperation/1") { userErrors { message } } }`;
    let throttled: {
      json: {
        errors: Array<{ extensions: { code: string } }>;
        extensions: {
          cost: { requestedQueryCost: number; throttleStatus: { currentlyAvailable: number; restoreRate: number } };
        };
      };
    } | null = null;
    for (let i = 0; i < 40 && !throttled; i++) {
      const r = await gql(cheap);
      if (r.json.errors) throttled = r;
      else expect(r.json.extensions.cost.actualQueryCost).toBe(10);
    }
    expect(throttled).not.toBeNull();
    expect(throttled!.json.errors[0]).toEqual({
      message: "Throttled",
      extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
    });
    const cost = throttled!.json.extensions.cost;
    expect(cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: null });
    expect(cost.throttleStatus.currentlyAvailable).toBeLessThan(10);
    expect(sim!.throttledResponses).toBe(1);
    const waitMs =
      ((cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable) / cost.throttleStatus.restoreRate) * 1000;
    await new Promise((r) => setTimeout(r, waitMs + 60));
    const after = await gql(cheap);
    expect(after.json.errors).toBeUndefined();
    expect(after.json.data.bulkOperationCancel.userErrors[0].message).toBe("Bulk operation does not exist");
  });

  it("refuses a single query over 1000 points and charges connections by page size", async () => {
    await start();
    const big = await gql(
      `{ orders(first: 250) { edges { node { id lineItems(first: 250) { edges { node { id } } } } } } }`,
    );
    expect(big.json.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    const page = await gql(`{ customers(first: 50) { edges { cursor node { id email } } pageInfo { hasNextPage } } }`);
    expect(page.json.extensions.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 4 });
    expect(page.json.data.customers.edges).toHaveLength(2);
    const firstOnly = await gql(
      `{ customers(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(firstOnly.json.data.customers.pageInfo.hasNextPage).toBe(true);
    const next = await gql(
      `query($after: String) { customers(first: 1, after: $after) { nodes { id } pageInfo { hasNextPage } } }`,
      { after: firstOnly.json.data.customers.pageInfo.endCursor },
    );
    expect(next.json.data.customers).toEqual({
      nodes: [{ id: "gid://shopify/Customer/2" }],
      pageInfo: { hasNextPage: false },
    });
  });

  it("updates SMS consent only for customers with a phone, and shows the change afterwards", async () => {
    await start();
    const M = `mutation($input: CustomerSmsMarketingConsentUpdateInput!) { customerSmsMarketingConsentUpdate(input: $input) { customer { id smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } } userErrors { field message code } } }`;
    const input = (customerId: string) => ({
      input: {
        customerId,
        smsMarketingConsent: {
          marketingState: "UNSUBSCRIBED",
          marketingOptInLevel: "SINGLE_OPT_IN",
          consentUpdatedAt: "2025-09-01T10:00:00Z",
        },
      },
    });
    const noPhone = await gql(M, input("gid://shopify/Customer/2"));
    expect(noPhone.json.data.customerSmsMarketingConsentUpdate.customer).toBeNull();
    expect(noPhone.json.data.customerSmsMarketingConsentUpdate.userErrors[0].code).toBe("MISSING_ARGUMENT");
    const ok = await gql(M, input("gid://shopify/Customer/9007199254740993"));
    expect(ok.json.data.customerSmsMarketingConsentUpdate).toEqual({
      customer: {
        id: "gid://shopify/Customer/9007199254740993",
        smsMarketingConsent: {
          marketingState: "UNSUBSCRIBED",
          marketingOptInLevel: "SINGLE_OPT_IN",
          consentUpdatedAt: "2025-09-01T10:00:00.000Z",
        },
      },
      userErrors: [],
    });
    expect(ok.json.extensions.cost.requestedQueryCost).toBe(10);
    expect(sim!.smsConsentChanges).toHaveLength(1);
    const read = await gql(
      `query($id: ID!) { customer(id: $id) { defaultPhoneNumber { phoneNumber marketingState } } }`,
      { id: "gid://shopify/Customer/9007199254740993" },
    );
    expect(read.json.data.customer.defaultPhoneNumber).toEqual({
      phoneNumber: "+15555550101",
      marketingState: "UNSUBSCRIBED",
    });
  });
});

describe("webhooks", () => {
  it("signs the raw body with the app secret; a wrong secret is detectable", async () => {
    const got: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const url = await startReceiver((headers, body) => {
      got.push({ headers, body });
      return verify(body, headers["x-shopify-hmac-sha256"] as string, SECRET) ? 200 : 401;
    });
    await start({ webhookUrl: url });
    // raw string keeps the 64-bit id exact
    const raw = `{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"}`;
    const ok = await sim!.sendWebhook({
      shop: SHOP,
      topic: "orders/create",
      body: raw,
      webhookId: "wh-1",
      apiVersion: "2025-07",
    });
    expect(ok.status).toBe(200);
    expect(ok.ms).toBeGreaterThan(0);
    const h = got[0]!.headers;
    expect(got[0]!.body).toBe(raw);
    expect(h["x-shopify-topic"]).toBe("orders/create");
    expect(h["x-shopify-shop-domain"]).toBe(SHOP);
    expect(h["x-shopify-api-version"]).toBe("2025-07");
    expect(h["x-shopify-webhook-id"]).toBe("wh-1");
    expect(h["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(h["x-shopify-triggered-at"] as string))).toBe(false);
    expect(h["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", SECRET).update(raw, "utf8").digest("base64"));

    const bad = await sim!.sendWebhook({ shop: SHOP, topic: "orders/create", body: raw, secret: "not-the-secret" });
    expect(bad.status).toBe(401);
    expect(got[1]!.headers["x-shopify-hmac-sha256"]).not.toBe(h["x-shopify-hmac-sha256"]);
    expect(got[1]!.headers["x-shopify-webhook-id"]).not.toBe("wh-1");
  });
});

function verify(body: string, hmac: string, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(body, "utf8").digest("base64"));
  const given = Buffer.from(hmac ?? "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function startReceiver(onHook: (headers: IncomingHttpHeaders, body: string) => number): Promise<string> {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => res.writeHead(onHook(req.headers, body)).end());
  });
  await new Promise<void>((r) => receiver!.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
}

async function waitFor(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("as strict as Shopify's real Admin schema (2026-10)", () => {
  async function gql26(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(`${sim!.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN, "X-Shopify-Shop-Domain": SHOP },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, json: JSON.parse(await res.text()) };
  }
  const bulk = async (q: string) =>
    (
      await gql26(
        `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { bulkOperation { id } userErrors { field message code } } }`,
        { q },
      )
    ).json.data.bulkOperationRunQuery;

  it("rejects a misspelt field, a wrong argument and a wrong enum value with HTTP 200 and Shopify's errors", async () => {
    await start();
    const field = await gql26(`{ shop { nmae } }`);
    expect(field.status).toBe(200);
    expect(field.json.data).toBeUndefined();
    expect(field.json.errors).toEqual([
      {
        message: "Field 'nmae' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 10 }],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nmae" },
      },
    ]);
    const arg = await gql26(`{ customers(frist: 1) { nodes { id } } }`);
    expect(arg.json.errors[0]).toMatchObject({
      message: "Field 'customers' doesn't accept argument 'frist'",
      extensions: { code: "argumentNotAccepted", argumentName: "frist" },
    });
    const literal = await gql26(`{ bulkOperations(first: 1, sortKey: NEWEST) { nodes { id } } }`);
    expect(literal.json.errors[0]).toMatchObject({
      message:
        "Argument 'sortKey' on Field 'bulkOperations' has an invalid value (NEWEST). Expected type 'BulkOperationsSortKeys'.",
      extensions: { code: "argumentLiteralsIncompatible", argumentName: "sortKey" },
    });
    const variable = await gql26(
      `mutation($input: CustomerWhatsAppMarketingConsentUpdateInput!) { customerWhatsAppMarketingConsentUpdate(input: $input) { userErrors { code } } }`,
      { input: { customerId: "gid://shopify/Customer/2", whatsAppMarketingConsent: { state: "OPTED_OUT" } } },
    );
    expect(variable.json.errors[0].extensions.code).toBe("variableMismatch");
    // fields the old hand-written schema lacked are there; deprecated ones still answer
    const real = await gql26(
      `{ shop { shopAddress { countryCodeV2 } } customers(first: 1) { nodes { email defaultEmailAddress { emailAddress } } } }`,
    );
    expect(real.json.errors).toBeUndefined();
    expect(real.json.data.customers.nodes[0]).toEqual({
      email: "a@example.com",
      defaultEmailAddress: { emailAddress: "a@example.com" },
    });
  });

  it("validates a bulk inner query against the schema too: field, argument and enum value", async () => {
    await start();
    const field = await bulk(`{ customers { edges { node { id noSuchField } } } }`);
    expect(field.bulkOperation).toBeNull();
    expect(field.userErrors).toEqual([
      {
        field: ["query"],
        message: "Invalid bulk query: Field 'noSuchField' doesn't exist on type 'Customer'",
        code: "INVALID",
      },
    ]);
    const arg = await bulk(`{ customers(sortBy: ID) { edges { node { id } } } }`);
    expect(arg.userErrors[0].message).toBe("Invalid bulk query: Field 'customers' doesn't accept argument 'sortBy'");
    const literal = await bulk(`{ customers(sortKey: NEWEST) { edges { node { id } } } }`);
    expect(literal.userErrors[0].message).toBe(
      "Invalid bulk query: Argument 'sortKey' on Field 'customers' has an invalid value (NEWEST). Expected type 'CustomerSortKeys'.",
    );
    // the bulk rules still apply to a valid document
    const nodes = await bulk(`{ customers { nodes { id } } }`);
    expect(nodes.userErrors[0].message).toMatch(/must select their contents using 'edges' > 'node'/);
    expect(sim!.bulkOperations).toHaveLength(0);
  });

  it("implements WhatsApp marketing consent: the field, the mutation (SMS untouched) and the topic", async () => {
    const hooks: Array<{ topic: string; body: any }> = [];
    const url = await startReceiver((h, body) => {
      hooks.push({ topic: String(h["x-shopify-topic"]), body: JSON.parse(body) });
      return 200;
    });
    await start({ webhookUrl: url });
    const READ = `query($id: ID!) { customer(id: $id) { defaultPhoneNumber { smsMarketingConsent { state } whatsAppMarketingConsent { state optInLevel updatedAt collectedFrom sourceLocation { id } } } } }`;
    const id = "gid://shopify/Customer/9007199254740993";
    const before = await gql26(READ, { id });
    expect(before.json.data.customer.defaultPhoneNumber).toEqual({
      smsMarketingConsent: { state: "SUBSCRIBED" },
      whatsAppMarketingConsent: {
        state: "NEVER_SUBSCRIBED",
        optInLevel: null,
        updatedAt: null,
        collectedFrom: null,
        sourceLocation: null,
      },
    });
    const M = `mutation($input: CustomerWhatsAppMarketingConsentUpdateInput!) { customerWhatsAppMarketingConsentUpdate(input: $input) { customerPhoneNumber { phoneNumber whatsAppMarketingConsent { state } } userErrors { field message code } } }`;
    const readOnly = await gql26(M, {
      input: { customerId: id, whatsAppMarketingConsent: { state: "NEVER_SUBSCRIBED" } },
    });
    expect(readOnly.json.data.customerWhatsAppMarketingConsentUpdate.userErrors[0].code).toBe("INCLUSION");
    const noPhone = await gql26(M, {
      input: { customerId: "gid://shopify/Customer/2", whatsAppMarketingConsent: { state: "UNSUBSCRIBED" } },
    });
    expect(noPhone.json.data.customerWhatsAppMarketingConsentUpdate.userErrors[0].code).toBe("MISSING_ARGUMENT");
    const ok = await gql26(M, {
      input: { customerId: id, whatsAppMarketingConsent: { state: "UNSUBSCRIBED", updatedAt: "2026-09-01T10:00:00Z" } },
    });
    expect(ok.json.data.customerWhatsAppMarketingConsentUpdate).toEqual({
      customerPhoneNumber: { phoneNumber: "+15555550101", whatsAppMarketingConsent: { state: "UNSUBSCRIBED" } },
      userErrors: [],
    });
    const after = await gql26(READ, { id });
    expect(after.json.data.customer.defaultPhoneNumber).toEqual({
      smsMarketingConsent: { state: "SUBSCRIBED" },
      whatsAppMarketingConsent: {
        state: "UNSUBSCRIBED",
        optInLevel: null,
        updatedAt: "2026-09-01T10:00:00.000Z",
        collectedFrom: "OTHER",
        sourceLocation: null,
      },
    });
    expect(sim!.smsConsentChanges).toHaveLength(0);
    await waitFor(() => hooks.length === 1);
    expect(hooks[0]).toEqual({
      topic: "customers_whats_app_marketing_consent/update",
      body: {
        id: 9007199254740992, // JSON number: the REST id loses precision above 2^53 as Shopify's would in JS
        phone: "+15555550101",
        whatsapp_marketing_consent: {
          state: "unsubscribed",
          opt_in_level: null,
          consent_updated_at: "2026-09-01T10:00:00.000Z",
          consent_collected_from: "OTHER",
        },
      },
    });
    // the field does not exist before 2026-07
    const old = await gql(
      `{ customers(first: 1) { nodes { defaultPhoneNumber { whatsAppMarketingConsent { state } } } } }`,
    );
    expect(old.json.errors[0].extensions.code).toBe("undefinedField");
  });
});
