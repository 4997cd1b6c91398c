// A local Shopify Admin API: GraphQL (parsed, validated and executed with graphql-js against Shopify's real
// Admin schema for the request's version, schema.ts), cost-based throttling, bulk query operations streamed to
// JSONL files it serves itself, SMS and WhatsApp consent writes, and signed webhook deliveries to the app. It answers what Shopify answers and rejects what Shopify rejects.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createReadStream } from "node:fs";
import { stat, unlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import {
  execute,
  getNamedType,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
} from "graphql";
import { adminSchema } from "./schema";
import { customerView, NEVER_SUBSCRIBED, type MarketingConsent } from "./customers";
import { LeakyBucket, MAX_SINGLE_QUERY_COST, queryCost } from "./cost";
import { shopifyError, type ShopifyGraphQLError } from "./errors";
import { compileBulkQuery, connectionItems, rootIterable, runBulkQuery, typeName, type BulkPlan } from "./bulk";
import { matchesSearch, parseSearch } from "./search";
import { deliverWebhook } from "./webhooks";
import type {
  BulkErrorCode,
  BulkOperationRecord,
  ShopPlan,
  ShopifySimulator,
  ShopifySimulatorOptions,
  SimulatedShop,
  SmsConsentChange,
  WebhookDelivery,
  WhatsAppConsentChange,
} from "./types";

const RESTORE_RATE: Record<ShopPlan, number> = { standard: 100, advanced: 200, plus: 1000 };
const MAX_PAGE = 250;
const TERMINAL = new Set(["COMPLETED", "CANCELED", "FAILED", "EXPIRED"]);
const INVALID_TOKEN = `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`;

/** An error meant for the client, with Shopify's extensions (resolver errors otherwise become INTERNAL_SERVER_ERROR). */
class ShopifyFieldError extends Error {
  readonly shopifyMessage = true;
  constructor(
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface ShopState {
  cfg: SimulatedShop;
  bucket: LeakyBucket;
  /** consent written through the API, by customer GID (overrides the fixture) */
  smsConsent: Map<string, MarketingConsent>;
  whatsAppConsent: Map<string, MarketingConsent>;
  failNext?: { code: BulkErrorCode; partialLines: number };
  truncateNext?: number;
}

interface Ctx {
  shop: ShopState;
  version: string;
}

const legacyIdOf = (gid: string) => /\/(\d+)$/.exec(gid)?.[1] ?? gid;
const encodeCursor = (index: number) => Buffer.from(JSON.stringify({ index })).toString("base64url");
function decodeCursor(cursor: unknown): number {
  try {
    const v = JSON.parse(Buffer.from(String(cursor), "base64url").toString()).index;
    if (Number.isInteger(v)) return v;
  } catch {
    /* fall through */
  }
  throw new ShopifyFieldError("Invalid cursor for current pagination sort.", { code: "BAD_REQUEST" });
}

function pageSize(args: any): number {
  const n = args.first ?? args.last;
  if (n === null || n === undefined)
    throw new ShopifyFieldError("you must provide one of first or last", { code: "BAD_REQUEST" });
  if (args.first != null && args.last != null)
    throw new ShopifyFieldError("providing both first and last is not supported", { code: "BAD_REQUEST" });
  if (n < 0 || n > MAX_PAGE)
    throw new ShopifyFieldError(`The maximum number of items that can be requested in a single page is ${MAX_PAGE}.`, {
      code: "BAD_REQUEST",
    });
  return n;
}

function connectionOf(items: any[], startIndex: number, hasNext: boolean, hasPrev: boolean) {
  const edges = items.map((node, i) => ({ cursor: encodeCursor(startIndex + i), node }));
  return {
    edges,
    nodes: items,
    pageInfo: {
      hasNextPage: hasNext,
      hasPreviousPage: hasPrev,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** first/after and last/before over a stream: only the requested page (plus a ring for `last`) is held. */
async function paginate(
  source: AsyncIterable<any> | Iterable<any>,
  args: any,
  filter: (n: any) => boolean = () => true,
) {
  const n = pageSize(args);
  const after = args.after != null ? decodeCursor(args.after) : -1;
  const before = args.before != null ? decodeCursor(args.before) : Infinity;
  const page: Array<{ i: number; node: any }> = [];
  let index = -1;
  let more = false;
  for await (const node of source as AsyncIterable<any>) {
    if (!filter(node)) continue;
    index++;
    if (index <= after) continue;
    if (index >= before) {
      more = true;
      break;
    }
    if (args.first != null) {
      if (page.length === n) {
        more = true;
        break;
      }
      page.push({ i: index, node });
    } else {
      page.push({ i: index, node });
      if (page.length > n) page.shift();
    }
  }
  const first = page[0]?.i ?? 0;
  if (args.first != null)
    return connectionOf(
      page.map((p) => p.node),
      first,
      more,
      after >= 0,
    );
  return connectionOf(
    page.map((p) => p.node),
    first,
    more,
    first > after + 1,
  );
}

export async function startShopifySimulator(opts: ShopifySimulatorOptions): Promise<ShopifySimulator> {
  const jsonlDir = opts.jsonlDir ?? tmpdir();
  const bulkDelayMs = opts.bulkDelayMs ?? 20;
  const shops = new Map<string, ShopState>();
  for (const cfg of opts.shops) {
    const rate = opts.restoreRate ?? RESTORE_RATE[cfg.plan ?? "standard"];
    shops.set(cfg.domain, {
      cfg,
      bucket: new LeakyBucket(opts.bucketSize ?? rate * 20, rate),
      smsConsent: new Map(),
      whatsAppConsent: new Map(),
    });
  }
  const files = new Set<string>();
  const cancelRequested = new Set<string>();
  const running = new Set<Promise<void>>();
  let nextBulkId = 4_000_000_000_001;
  let baseUrl = "";
  let closing = false;

  const sim: ShopifySimulator = {
    url: "",
    bulkOperations: [],
    throttledResponses: 0,
    smsConsentChanges: [] as SmsConsentChange[],
    whatsAppConsentChanges: [] as WhatsAppConsentChange[],
    setWhatsAppConsent(shop, customerId, consent) {
      stateOf(shop).whatsAppConsent.set(customerId, { ...NEVER_SUBSCRIBED, ...consent });
    },
    webhookDeliveries: [] as WebhookDelivery[],
    close,
    sendWebhook,
    failNextBulkOperation(shop, errorCode, partialLines = 0) {
      stateOf(shop).failNext = { code: errorCode, partialLines };
    },
    truncateNextBulkFile(shop, atLine) {
      if (atLine < 1) throw new Error("atLine is 1-based");
      stateOf(shop).truncateNext = atLine;
    },
    async waitForBulkOperation(id, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const op = sim.bulkOperations.find((o) => o.id === id);
        if (!op) throw new Error(`no bulk operation ${id}`);
        if (TERMINAL.has(op.status)) return op;
        if (Date.now() > deadline) throw new Error(`bulk operation ${id} still ${op.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };

  function stateOf(domain: string): ShopState {
    const s = shops.get(domain);
    if (!s) throw new Error(`unknown shop ${domain}`);
    return s;
  }

  // ---- store lookups -------------------------------------------------------------------------------------

  function withConsent(state: ShopState, node: any): any {
    if (!node || typeof node.id !== "string") return node;
    return customerView(node, state.smsConsent.get(node.id), state.whatsAppConsent.get(node.id));
  }

  async function findNode(state: ShopState, id: string): Promise<any> {
    const type = typeName({ id });
    const source =
      type === "Customer"
        ? state.cfg.data.customers
        : type === "Order"
          ? state.cfg.data.orders
          : type === "Product"
            ? state.cfg.data.products
            : type === "Collection"
              ? state.cfg.data.collections
              : undefined;
    if (type === "BulkOperation")
      return bulkView(sim.bulkOperations.find((o) => o.id === id && o.shop === state.cfg.domain));
    if (type === "Shop") return state.cfg.data.shop.id === id ? shopView(state) : null;
    if (!source) return null;
    // A linear scan: fine for a simulator; stores of a million rows are streamed, never indexed in memory.
    for await (const node of source())
      if (node?.id === id) return type === "Customer" ? withConsent(state, node) : node;
    return null;
  }

  function shopView(state: ShopState) {
    const s = state.cfg.data.shop;
    return {
      __typename: "Shop",
      contactEmail: s.email ?? null,
      primaryDomain: { host: s.myshopifyDomain, url: `https://${s.myshopifyDomain}` },
      shopAddress: { countryCodeV2: s.countryCode ?? null },
      plan: {
        displayName: state.cfg.plan === "plus" ? "Shopify Plus" : state.cfg.plan === "advanced" ? "Advanced" : "Basic",
        partnerDevelopment: false,
        shopifyPlus: state.cfg.plan === "plus",
      },
      ...s,
    };
  }

  function bulkView(op: BulkOperationRecord | undefined) {
    if (!op) return null;
    return { __typename: "BulkOperation", ...op };
  }

  // ---- resolvers -----------------------------------------------------------------------------------------

  const rootValue = {
    shop: (_: any, ctx: Ctx) => shopView(ctx.shop),
    bulkOperations: (args: any, ctx: Ctx) => {
      const terms = parseSearch(args.query);
      const mine = sim.bulkOperations.filter((o) => o.shop === ctx.shop.cfg.domain).map((o) => bulkView(o));
      return paginate(args.reverse ? mine.reverse() : mine, args, (n) => matchesSearch(n, terms));
    },
    currentBulkOperation: (args: any, ctx: Ctx) => {
      if (args.type !== "QUERY") return null;
      const mine = sim.bulkOperations.filter((o) => o.shop === ctx.shop.cfg.domain && o.type === args.type);
      return bulkView(mine.at(-1));
    },
    bulkOperation: (args: any, ctx: Ctx) =>
      bulkView(sim.bulkOperations.find((o) => o.id === args.id && o.shop === ctx.shop.cfg.domain)),
    node: (args: any, ctx: Ctx) => findNode(ctx.shop, args.id),
    nodes: (args: any, ctx: Ctx) => Promise.all(args.ids.map((id: string) => findNode(ctx.shop, id))),
    customer: (args: any, ctx: Ctx) => (typeName({ id: args.id }) === "Customer" ? findNode(ctx.shop, args.id) : null),
    order: (args: any, ctx: Ctx) => (typeName({ id: args.id }) === "Order" ? findNode(ctx.shop, args.id) : null),
    product: (args: any, ctx: Ctx) => (typeName({ id: args.id }) === "Product" ? findNode(ctx.shop, args.id) : null),
    customers: (args: any, ctx: Ctx) => rootConnection(ctx, "customers", args),
    orders: (args: any, ctx: Ctx) => rootConnection(ctx, "orders", args),
    products: (args: any, ctx: Ctx) => rootConnection(ctx, "products", args),
    bulkOperationRunQuery: (args: any, ctx: Ctx) => runQueryMutation(ctx, args),
    bulkOperationCancel: (args: any, ctx: Ctx) => cancelMutation(ctx, args),
    customerSmsMarketingConsentUpdate: (args: any, ctx: Ctx) => smsConsentMutation(ctx, args.input),
    customerWhatsAppMarketingConsentUpdate: (args: any, ctx: Ctx) => whatsAppConsentMutation(ctx, args.input),
  };

  async function rootConnection(ctx: Ctx, field: "customers" | "orders" | "products", args: any) {
    const terms = parseSearch(args.query);
    const source = rootIterable(ctx.shop.cfg.data, field)!();
    const conn = await paginate(source, args, (n) => matchesSearch(n, terms));
    if (field === "customers") {
      conn.nodes = conn.nodes.map((n) => withConsent(ctx.shop, n));
      conn.edges.forEach((e, i) => (e.node = conn.nodes[i]));
    }
    return conn;
  }

  // Nested connections on fixture nodes are arrays or connection objects: page them like Shopify would.
  const fieldResolver: GraphQLFieldResolver<any, Ctx> = async (source, args, ctx, info) => {
    const v = source?.[info.fieldName];
    if (typeof v === "function") return v.call(source, args, ctx, info);
    if (getNamedType(info.returnType).name.endsWith("Connection") && info.parentType !== info.schema.getQueryType()) {
      return paginate(connectionItems(v), args);
    }
    if (typeof v === "bigint") return v.toString();
    return v;
  };
  const typeResolver: GraphQLTypeResolver<any, Ctx> = (value) => typeName(value) ?? undefined;

  function runQueryMutation(ctx: Ctx, args: { query: string; groupObjects?: boolean | null }) {
    const compiled = compileBulkQuery(args.query, adminSchema(ctx.version));
    if ("errors" in compiled) return { bulkOperation: null, userErrors: compiled.errors };
    const plan = compiled.plan;
    if (!rootIterable(ctx.shop.cfg.data, plan.rootField)) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: ["query"],
            message: `Invalid bulk query: Field '${plan.rootField}' doesn't exist on type 'QueryRoot'`,
            code: "INVALID",
          },
        ],
      };
    }
    // One bulk query at a time per shop before 2026-01; five from 2026-01 (apis.md B5).
    const limit = ctx.version >= "2026-01" && ctx.version !== "unstable" ? 5 : 1;
    const active = sim.bulkOperations.filter(
      (o) => o.shop === ctx.shop.cfg.domain && o.type === "QUERY" && !TERMINAL.has(o.status),
    );
    if (active.length >= limit) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: null,
            message: `A bulk query operation for this app and shop is already in progress: ${active[0]!.id}.`,
            code: "OPERATION_IN_PROGRESS",
          },
        ],
      };
    }
    const groupObjects = args.groupObjects ?? !(ctx.version >= "2026-01" && ctx.version !== "unstable");
    const op: BulkOperationRecord = {
      id: `gid://shopify/BulkOperation/${nextBulkId++}`,
      shop: ctx.shop.cfg.domain,
      status: "CREATED",
      type: "QUERY",
      query: args.query,
      groupObjects,
      errorCode: null,
      createdAt: new Date().toISOString(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
    };
    sim.bulkOperations.push(op);
    const p = executeBulk(ctx.shop, op, plan).finally(() => running.delete(p));
    running.add(p);
    return { bulkOperation: bulkView({ ...op }), userErrors: [] };
  }

  async function executeBulk(state: ShopState, op: BulkOperationRecord, plan: BulkPlan) {
    await new Promise((r) => setImmediate(r));
    const started = Date.now();
    op.status = "RUNNING";
    const fail = state.failNext;
    const truncateAt = state.truncateNext;
    state.failNext = undefined;
    state.truncateNext = undefined;
    const name = `shopify-sim-${legacyIdOf(op.id)}-${randomBytes(6).toString("hex")}.jsonl`;
    const file = join(jsonlDir, name);
    files.add(name);
    let outcome: "completed" | "failed" | "canceled";
    let lines = 0;
    try {
      const r = await runBulkQuery(state.cfg.data, plan, file, {
        groupObjects: op.groupObjects,
        cancelled: () => cancelRequested.has(op.id),
        failAfterLines: fail ? fail.partialLines : undefined,
        truncateAtLine: truncateAt,
        overlay: plan.rootField === "customers" ? (n) => withConsent(state, n) : undefined,
        onProgress: (objects, roots) => {
          op.objectCount = objects;
          op.rootObjectCount = roots;
        },
      });
      outcome = r.outcome;
      lines = r.linesWritten;
      op.objectCount = r.objectCount;
      op.rootObjectCount = r.rootObjectCount;
      op.fileSize = r.bytes;
    } catch {
      // the store's iterable threw: Shopify reports an internal error and keeps what was written
      outcome = "failed";
      op.errorCode = "INTERNAL_SERVER_ERROR";
    }
    while (Date.now() - started < bulkDelayMs && !cancelRequested.has(op.id) && !closing) {
      await new Promise((r) => setTimeout(r, Math.min(20, bulkDelayMs)));
    }
    if (cancelRequested.has(op.id)) outcome = "canceled";
    const fileUrl = `${baseUrl}/bulk/${name}`;
    if (outcome === "completed") {
      op.status = "COMPLETED";
      // Shopify gives no file when the query matched nothing
      op.url = op.objectCount > 0 ? fileUrl : null;
      if (op.objectCount === 0) op.fileSize = null;
    } else if (outcome === "failed") {
      op.status = "FAILED";
      op.errorCode = fail?.code ?? op.errorCode ?? "INTERNAL_SERVER_ERROR";
      op.partialDataUrl = lines > 0 ? fileUrl : null;
      op.fileSize = lines > 0 ? op.fileSize : null;
    } else {
      op.status = "CANCELED";
      op.fileSize = null;
    }
    op.completedAt = new Date().toISOString();
    cancelRequested.delete(op.id);
    if (opts.webhookUrl && !closing) {
      const body = {
        admin_graphql_api_id: op.id,
        completed_at: op.completedAt,
        created_at: op.createdAt,
        error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
        status: op.status.toLowerCase(),
        type: "query",
      };
      await sendWebhook({ shop: op.shop, topic: "bulk_operations/finish", body }).catch((err: Error) => {
        sim.webhookDeliveries.push({
          shop: op.shop,
          topic: "bulk_operations/finish",
          webhookId: "",
          status: 0,
          body: String(err.message),
          ms: 0,
        });
      });
    }
  }

  function cancelMutation(ctx: Ctx, args: { id: string }) {
    const op = sim.bulkOperations.find((o) => o.id === args.id && o.shop === ctx.shop.cfg.domain);
    if (!op) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (TERMINAL.has(op.status)) {
      return {
        bulkOperation: bulkView(op),
        userErrors: [
          { field: null, message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` },
        ],
      };
    }
    op.status = "CANCELING";
    cancelRequested.add(op.id);
    return { bulkOperation: bulkView({ ...op }), userErrors: [] };
  }

  async function smsConsentMutation(ctx: Ctx, input: any) {
    const err = (field: string[], message: string, code: string) => ({
      customer: null,
      userErrors: [{ field, message, code }],
    });
    const consent = input.smsMarketingConsent;
    if (typeName({ id: input.customerId }) !== "Customer")
      return err(["input", "customerId"], "Customer not found", "INVALID");
    const customer = await findNode(ctx.shop, input.customerId);
    if (!customer) return err(["input", "customerId"], "Customer not found", "INVALID");
    const phone = customer.phone ?? customer.defaultPhoneNumber?.phoneNumber ?? null;
    if (!phone)
      return err(
        ["input", "smsMarketingConsent"],
        "A phone number is required to set the SMS consent state.",
        "MISSING_ARGUMENT",
      );
    if (consent.marketingState === "NOT_SUBSCRIBED" || consent.marketingState === "REDACTED") {
      return err(
        ["input", "smsMarketingConsent", "marketingState"],
        "Marketing state is not included in the list",
        "INCLUSION",
      );
    }
    const updatedAt: string = consent.consentUpdatedAt ?? new Date().toISOString();
    const t = Date.parse(updatedAt);
    if (Number.isNaN(t))
      return err(["input", "smsMarketingConsent", "consentUpdatedAt"], "Consent updated at is invalid", "INVALID");
    if (t > Date.now() + 60_000)
      return err(
        ["input", "smsMarketingConsent", "consentUpdatedAt"],
        "Consent updated at cannot be in the future",
        "INVALID",
      );
    const record = {
      marketingState: consent.marketingState,
      marketingOptInLevel:
        consent.marketingOptInLevel ?? (consent.marketingState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null),
      consentUpdatedAt: new Date(t).toISOString(),
    };
    ctx.shop.smsConsent.set(customer.id, {
      state: record.marketingState,
      optInLevel: record.marketingOptInLevel,
      updatedAt: record.consentUpdatedAt,
      collectedFrom: "OTHER",
      sourceLocation: null,
    });
    sim.smsConsentChanges.push({
      shop: ctx.shop.cfg.domain,
      customerId: customer.id,
      ...record,
      at: new Date().toISOString(),
    });
    return { customer: withConsent(ctx.shop, customer), userErrors: [] };
  }

  // customerWhatsAppMarketingConsentUpdate (2026-07+): CustomerMarketingConsentInput on the customer's default
  // phone; userErrors are CustomerMarketingConsentError (INCLUSION / INVALID / MISSING_ARGUMENT). Shopify stamps
  // collectedFrom OTHER on consent an app writes, and sends customers_whats_app_marketing_consent/update.
  async function whatsAppConsentMutation(ctx: Ctx, input: any) {
    const err = (field: string[], message: string, code: string) => ({
      customerPhoneNumber: null,
      userErrors: [{ field, message, code }],
    });
    const consent = input.whatsAppMarketingConsent;
    if (typeName({ id: input.customerId }) !== "Customer")
      return err(["input", "customerId"], "Customer not found", "INVALID");
    const customer = await findNode(ctx.shop, input.customerId);
    if (!customer) return err(["input", "customerId"], "Customer not found", "INVALID");
    const phone = customer.defaultPhoneNumber?.phoneNumber ?? null;
    if (!phone)
      return err(
        ["input", "whatsAppMarketingConsent"],
        "A phone number is required to set the WhatsApp consent state.",
        "MISSING_ARGUMENT",
      );
    // NEVER_SUBSCRIBED and REDACTED are read-only (the enum's own descriptions say so).
    if (consent.state === "NEVER_SUBSCRIBED" || consent.state === "REDACTED")
      return err(["input", "whatsAppMarketingConsent", "state"], "State is not included in the list", "INCLUSION");
    const updatedAt: string = consent.updatedAt ?? new Date().toISOString();
    const t = Date.parse(updatedAt);
    if (Number.isNaN(t))
      return err(["input", "whatsAppMarketingConsent", "updatedAt"], "Updated at is invalid", "INVALID");
    if (t > Date.now() + 60_000)
      return err(["input", "whatsAppMarketingConsent", "updatedAt"], "Updated at cannot be in the future", "INVALID");
    const record: MarketingConsent = {
      state: consent.state,
      optInLevel: consent.optInLevel ?? (consent.state === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null),
      updatedAt: new Date(t).toISOString(),
      collectedFrom: "OTHER",
      sourceLocation: consent.sourceLocationId ? { id: consent.sourceLocationId } : null,
    };
    ctx.shop.whatsAppConsent.set(customer.id, record);
    sim.whatsAppConsentChanges.push({
      shop: ctx.shop.cfg.domain,
      customerId: customer.id,
      ...record,
      at: new Date().toISOString(),
    });
    if (opts.webhookUrl && !closing) {
      // Shopify notifies every subscriber of the change, the app that made it included (REST body shape: see
      // docs/shopify.md — not published by Shopify; modelled on customers_marketing_consent/update).
      const body = {
        id: Number(legacyIdOf(customer.id)),
        phone,
        whatsapp_marketing_consent: {
          state: record.state.toLowerCase(),
          opt_in_level: record.optInLevel?.toLowerCase() ?? null,
          consent_updated_at: record.updatedAt,
          consent_collected_from: record.collectedFrom,
        },
      };
      const delivery = sendWebhook({
        shop: ctx.shop.cfg.domain,
        topic: "customers_whats_app_marketing_consent/update",
        body,
      }).catch(() => undefined);
      const p = delivery.then(() => undefined).finally(() => running.delete(p));
      running.add(p);
    }
    return { customerPhoneNumber: withConsent(ctx.shop, customer).defaultPhoneNumber, userErrors: [] };
  }

  // ---- GraphQL request -----------------------------------------------------------------------------------

  async function graphql(
    state: ShopState,
    version: string,
    body: { query: string; variables?: any; operationName?: string },
  ) {
    const costExt = (requested: number, actual: number | null) => ({
      cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: state.bucket.throttleStatus() },
    });
    const fail = (errors: ShopifyGraphQLError[], requested = 0) => ({ errors, extensions: costExt(requested, null) });

    const schema = adminSchema(version);
    let doc: DocumentNode;
    try {
      doc = parse(body.query);
    } catch (e) {
      return fail([shopifyError(e as GraphQLError)]);
    }
    const invalid = validate(schema, doc);
    if (invalid.length) return fail(invalid.map((e) => shopifyError(e, doc)));
    const op = getOperationAST(doc, body.operationName ?? undefined);
    if (!op) {
      return fail([
        {
          message: body.operationName ? `No operation named "${body.operationName}"` : "An operation name is required",
          extensions: { code: "operationNotFound" },
        },
      ]);
    }
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const variables = body.variables ?? {};
    const requested = queryCost(schema, op, fragments, variables);
    if (requested > MAX_SINGLE_QUERY_COST) {
      return fail(
        [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
          },
        ],
        requested,
      );
    }
    if (!state.bucket.tryTake(requested)) {
      sim.throttledResponses++;
      return fail(
        [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        requested,
      );
    }
    const result = await execute({
      schema,
      document: doc,
      rootValue,
      contextValue: { shop: state, version } satisfies Ctx,
      variableValues: variables,
      operationName: body.operationName ?? undefined,
      fieldResolver,
      typeResolver,
    });
    const actual =
      op.operation === "mutation"
        ? requested
        : Math.min(requested, queryCost(schema, op, fragments, variables, result.data ?? null));
    state.bucket.refund(requested - actual);
    const out: any = {};
    if (result.errors?.length) out.errors = result.errors.map((e) => shopifyError(e));
    if (result.data !== undefined) out.data = result.data;
    out.extensions = costExt(requested, actual);
    return out;
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  function send(res: ServerResponse, status: number, body: string) {
    res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(body);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 5 * 1024 * 1024) throw new Error("body too large");
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  async function serveBulkFile(name: string, res: ServerResponse) {
    if (!files.has(name)) return send(res, 404, `{"errors":"Not Found"}`);
    const path = join(jsonlDir, name);
    const info = await stat(path).catch(() => null);
    if (!info) return send(res, 404, `{"errors":"Not Found"}`);
    res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": info.size });
    createReadStream(path).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://sim");
    const bulk = /^\/bulk\/([\w.-]+)$/.exec(url.pathname);
    if (bulk && req.method === "GET") return serveBulkFile(bulk[1]!, res);
    const m = /^(?:\/shops\/([^/]+))?\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (!m) return send(res, 404, `{"errors":"Not Found"}`);
    const [, pathShop, version] = m;
    if (!/^\d{4}-(01|04|07|10)$/.test(version!) && version !== "unstable")
      return send(res, 404, `{"errors":"Not Found"}`);
    const domain = pathShop
      ? decodeURIComponent(pathShop)
      : (req.headers["x-shopify-shop-domain"] as string | undefined);
    const state = domain ? shops.get(domain) : undefined;
    if (!state) return send(res, 404, `{"errors":"Not Found"}`);
    if (req.method !== "POST") return send(res, 405, `{"errors":"Method Not Allowed"}`);
    if (req.headers["x-shopify-access-token"] !== state.cfg.accessToken) return send(res, 401, INVALID_TOKEN);
    const raw = await readBody(req);
    let body: any;
    if ((req.headers["content-type"] ?? "").startsWith("application/graphql")) body = { query: raw };
    else {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, `{"errors":"Invalid JSON in request body."}`);
      }
    }
    if (!body || typeof body.query !== "string" || !body.query.trim()) {
      return send(res, 400, `{"errors":{"query":"Required parameter missing or invalid"}}`);
    }
    const out = await graphql(state, version!, body);
    send(res, 200, JSON.stringify(out));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent)
        send(
          res,
          500,
          JSON.stringify({
            errors: [{ message: "Internal error", extensions: { code: "INTERNAL_SERVER_ERROR", detail: err.message } }],
          }),
        );
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.url = baseUrl;

  async function sendWebhook(args: Parameters<ShopifySimulator["sendWebhook"]>[0]) {
    if (!opts.webhookUrl) throw new Error("sendWebhook needs the simulator's webhookUrl option");
    const r = await deliverWebhook({
      url: opts.webhookUrl,
      shop: args.shop,
      topic: args.topic,
      body: args.body,
      secret: args.secret ?? opts.apiSecret,
      apiVersion: args.apiVersion ?? opts.webhookApiVersion ?? "2025-07",
      webhookId: args.webhookId,
      eventId: args.eventId,
      triggeredAt: args.triggeredAt,
    });
    sim.webhookDeliveries.push({
      shop: args.shop,
      topic: args.topic,
      webhookId: r.webhookId,
      status: r.status,
      body: r.body,
      ms: r.ms,
    });
    return { status: r.status, body: r.body, ms: r.ms };
  }

  async function close() {
    closing = true;
    for (const op of sim.bulkOperations) if (!TERMINAL.has(op.status)) cancelRequested.add(op.id);
    await Promise.allSettled([...running]);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await Promise.all([...files].map((f) => unlink(join(jsonlDir, f)).catch(() => undefined)));
    files.clear();
  }

  return sim;
}
