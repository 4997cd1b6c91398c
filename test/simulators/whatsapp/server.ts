// A local WhatsApp Cloud API (Meta Graph API, apis.md Part A): template sends with Meta's validation and error
// bodies, throughput / pair-rate / messaging limits, signed status webhooks, template listing with cursor
// paging, phone number and WABA nodes, and generators for inbound messages. It rejects what Meta rejects.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { sendBodyProblems } from "./openapi/schema";
import { GraphError, invalidToken, unknownObject, webhookError } from "./errors";
import { MessagingLimit, PairRate, SlidingWindow, TIER_LIMIT } from "./limits";
import { validateTemplateSend } from "./templates";
import { WebhookDispatcher } from "./webhooks";
import { contactEntry, senderFields, SimUsers } from "./users";
import type {
  AcceptedMessage,
  MarketingMessagesStatus,
  MessagingLimitTier,
  QualityRating,
  RejectedMessage,
  SimAccount,
  SimTemplate,
  TemplateCategory,
  TemplateStatus,
  WhatsAppSimulator,
  WhatsAppSimulatorOptions,
} from "./types";

const VERSION = /^v\d+\.\d+$/;
/**
 * Graph API versions Meta serves as of 2026-12 (developers.facebook.com/docs/graph-api/changelog: v26.0 released
 * 2026-07-29 is the latest; v20.0 ended 2026-09-24; v21.0 runs until 2027-01-21). Anything else is refused.
 */
export const GRAPH_VERSIONS = ["v21.0", "v22.0", "v23.0", "v24.0", "v25.0", "v26.0"] as const;
export const LATEST_GRAPH_VERSION = "v26.0";
const DEFAULT_MPS = 80;
// An established store's portfolio; a new portfolio would start at TIER_250 (A6). Tests set what they need.
const DEFAULT_TIER: MessagingLimitTier = "TIER_10K";
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 1 << 20;
const MAX_OPAQUE = 512;

interface NumberState {
  cfg: SimAccount;
  throughput: SlidingWindow;
  /** set: every send is refused with this code (account restriction, spam limit) */
  refusal?: number | null;
}

interface WabaState {
  id: string;
  name: string;
  templates: SimTemplate[];
  limit: MessagingLimit;
  /** Users who tapped "stop promotions" for this business (user_preferences). */
  stopped: Set<string>;
  /** Marketing Messages API onboarding (the WABA's `marketing_messages_onboarding_status`) */
  marketingMessages: MarketingMessagesStatus;
}

type Outcome = { kind: "fail"; code: number } | { kind: "deliver"; read: boolean };

const NODE_PHONE = "WhatsAppBusinessPhoneNumber";
const NODE_WABA = "WhatsAppBusinessAccount";
const NODE_TEMPLATE = "WhatsAppBusinessHSM";

export async function startWhatsAppSimulator(opts: WhatsAppSimulatorOptions): Promise<WhatsAppSimulator> {
  const now = opts.now ?? Date.now;
  const step = opts.statusDelayMs ?? 20;
  const readRate = opts.readRate ?? 0.6;
  const pair = new PairRate(opts.pairRate?.maxBurst ?? 2, opts.pairRate?.windowMs ?? 6000);
  const numbers = new Map<string, NumberState>();
  const wabas = new Map<string, WabaState>();
  const tokens = new Map<string, Set<string>>(); // token -> ids (phone numbers and WABAs) it may use
  const lastInbound = new Map<string, number>(); // `${phoneNumberId}:${waId}` -> time of the user's last message
  const accepted: AcceptedMessage[] = [];
  const rejected: RejectedMessage[] = [];
  let failureMix: Record<number, number> = checkMix(opts.failureMix ?? {});
  const versions = new Set<string>(opts.graphVersions ?? GRAPH_VERSIONS);
  /** the version segment of every API call, in order (tests prove the app speaks the version it pins) */
  const requestVersions: string[] = [];
  const users = new SimUsers();
  /** every user id (digits) the simulator has seen, to resolve a BSUID sent as `recipient` */
  const knownUsers = new Set<string>();

  for (const a of opts.accounts) {
    if (numbers.has(a.phoneNumberId)) throw new Error(`duplicate phoneNumberId ${a.phoneNumberId}`);
    numbers.set(a.phoneNumberId, { cfg: { ...a }, throughput: new SlidingWindow(a.throughputMps ?? DEFAULT_MPS) });
    let waba = wabas.get(a.wabaId);
    if (!waba) {
      waba = {
        id: a.wabaId,
        name: a.verifiedName,
        templates: (opts.templates?.[a.wabaId] ?? []).map((t) => structuredClone(t)),
        limit: new MessagingLimit(a.messagingLimitTier ?? DEFAULT_TIER),
        stopped: new Set(opts.stopped ?? []),
        marketingMessages: opts.marketingMessages ?? "ONBOARDED",
      };
      wabas.set(a.wabaId, waba);
    } else if (a.messagingLimitTier) {
      // The portfolio inherits its best number's limit (A6).
      if (TIER_ORDER[a.messagingLimitTier] > TIER_ORDER[waba.limit.tier]) waba.limit.tier = a.messagingLimitTier;
    }
    const ids = tokens.get(a.accessToken) ?? new Set<string>();
    ids.add(a.phoneNumberId).add(a.wabaId);
    tokens.set(a.accessToken, ids);
  }

  const dispatcher = new WebhookDispatcher({
    appSecret: opts.appSecret,
    url: opts.webhookUrl,
    retries: opts.webhookRetries ?? 3,
    retryBaseMs: opts.webhookRetryBaseMs ?? 50,
    concurrency: opts.webhookConcurrency ?? 16,
    duplicateRate: opts.duplicateRate ?? 0,
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const e = err instanceof GraphError ? err : new GraphError(131000, String((err as Error)?.message ?? err));
      sendJson(
        res,
        e.httpStatus,
        e.body(),
        e.code === 190 ? { "WWW-Authenticate": `OAuth "Facebook Platform" "invalid_token" "${e.message}"` } : {},
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? "/", url);
    if (u.pathname.startsWith("/_sim/")) return control(req, res, u);
    const parts = u.pathname.split("/").filter(Boolean);
    const [version, id, edge, ...rest] = parts;
    const method = (req.method ?? "GET").toUpperCase();
    if (!version || !VERSION.test(version) || !id || rest.length) {
      throw new GraphError(2500, undefined, {
        message: `Unknown path components: ${u.pathname}`,
        type: "OAuthException",
      });
    }
    if (!versions.has(version)) {
      // An expired or unreleased version: Graph has no such path prefix (docs/whatsapp-platform.md, "Versions").
      throw new GraphError(2500, undefined, {
        message: `Unknown path components: /${version}. Graph API ${version} is not available; use one of ${[...versions].join(", ")}.`,
        type: "OAuthException",
      });
    }
    requestVersions.push(version);
    const raw = await readBody(req);
    const token = bearer(req, u);
    if (!token) throw new GraphError(104);
    const allowed = tokens.get(token);
    if (!allowed) throw invalidToken();
    const lowerMethod = method === "POST" ? "post" : "get";
    if ((method !== "GET" && method !== "POST") || !allowed.has(id)) throw unknownObject(id, lowerMethod);

    const number = numbers.get(id);
    const waba = wabas.get(id);
    if (method === "POST" && number && (edge === "messages" || edge === "marketing_messages")) {
      return sendJson(res, 200, sendMessage(number, edge, raw));
    }
    if (method === "GET" && waba && edge === "message_templates") {
      return sendJson(res, 200, listTemplates(waba, u, version));
    }
    if (method === "GET" && waba && edge === "phone_numbers") {
      const data = [...numbers.values()]
        .filter((n) => n.cfg.wabaId === waba.id)
        .map((n) => selectFields(phoneNode(n), u, NODE_PHONE, PHONE_DEFAULT_FIELDS));
      return sendJson(res, 200, {
        data,
        paging: { cursors: { before: encodeCursor(0), after: encodeCursor(Math.max(0, data.length - 1)) } },
      });
    }
    if (method === "GET" && !edge) {
      if (number) return sendJson(res, 200, selectFields(phoneNode(number), u, NODE_PHONE, PHONE_DEFAULT_FIELDS));
      if (waba) return sendJson(res, 200, selectFields(wabaNode(waba), u, NODE_WABA, WABA_DEFAULT_FIELDS));
    }
    if (edge && method === "GET") {
      throw new GraphError(100, undefined, {
        type: "OAuthException",
        message: `(#100) Tried accessing nonexisting field (${edge}) on node type (${number ? NODE_PHONE : NODE_WABA})`,
      });
    }
    throw unknownObject(id, lowerMethod);
  }

  // ---- sending ---------------------------------------------------------------------------------------------

  function sendMessage(number: NumberState, endpoint: string, raw: string) {
    const at = now();
    let to: string | undefined;
    try {
      let body: any;
      try {
        body = JSON.parse(raw || "{}");
      } catch {
        throw new GraphError(100, "Request body is not valid JSON");
      }
      if (typeof body !== "object" || body === null || Array.isArray(body))
        throw new GraphError(100, "Request body must be an object");
      if (body.messaging_product === undefined) {
        throw new GraphError(100, undefined, { message: "(#100) The parameter messaging_product is required." });
      }
      if (body.messaging_product !== "whatsapp") throw new GraphError(100, 'messaging_product must be "whatsapp"');
      if (body.recipient_type !== undefined && body.recipient_type !== "individual") {
        throw new GraphError(100, 'recipient_type must be "individual"');
      }
      // A BSUID goes in `recipient`; `to` wins when both are given (docs/whatsapp-platform.md).
      const byBsuid = (body.to === undefined || body.to === "") && body.recipient !== undefined;
      if (byBsuid) {
        const waba = wabas.get(number.cfg.wabaId)!;
        const found = typeof body.recipient === "string" ? users.waIdOf(waba.id, body.recipient, knownUsers) : null;
        if (!found) throw new GraphError(100, "recipient: not a business-scoped user id of this business");
        to = found;
      } else {
        if (body.to === undefined || body.to === "") {
          throw new GraphError(100, undefined, { message: "(#100) The parameter to is required." });
        }
        if (typeof body.to !== "string" || !/^\+?\d{7,15}$/.test(body.to)) {
          throw new GraphError(100, "to: not a valid phone number (digits with country code, + optional)");
        }
        to = body.to.replace(/^\+/, "");
      }
      const waId = to as string;
      if (waId === digits(number.cfg.displayPhoneNumber))
        throw new GraphError(131021, "Sender and recipient phone number is the same.");
      const opaque = body.biz_opaque_callback_data;
      if (opaque !== undefined && (typeof opaque !== "string" || opaque.length > MAX_OPAQUE)) {
        throw new GraphError(100, `biz_opaque_callback_data must be a string of at most ${MAX_OPAQUE} characters`);
      }
      const type = body.type ?? "text";
      const waba = wabas.get(number.cfg.wabaId)!;
      if (number.refusal) throw new GraphError(number.refusal);
      let template: SimTemplate | null = null;
      let fellBack = false;
      if (type === "template") {
        template = findTemplate(waba, body.template);
        if (endpoint === "marketing_messages" && template.category !== "MARKETING") {
          throw new GraphError(
            131055,
            `Template ${template.name} is a ${template.category} template; only MARKETING templates can be sent here.`,
          );
        }
        validateTemplateSend(template, body.template);
        if (endpoint === "marketing_messages") {
          // `product_policy`: "STRICT" never falls back; absent, a business not onboarded to the Marketing
          // Messages API is served by the Cloud API instead (priced as ordinary marketing, no marketing_lite).
          const policy = body.product_policy;
          if (policy !== undefined && policy !== "STRICT" && policy !== "CLOUD_API_FALLBACK")
            throw new GraphError(100, 'product_policy must be "STRICT" or "CLOUD_API_FALLBACK"');
          if (waba.marketingMessages !== "ONBOARDED") {
            if (policy === "STRICT") throw new GraphError(134102);
            fellBack = true;
          }
        }
        if (byBsuid && template.category === "AUTHENTICATION")
          throw new GraphError(131062, "Business-scoped User ID recipients are not supported for this message.");
      } else if (endpoint === "marketing_messages") {
        throw new GraphError(100, "Message must be a template message.");
      } else if (type === "text") {
        if (typeof body.text?.body !== "string" || !body.text.body.trim())
          throw new GraphError(131008, "text.body is required");
        if (body.text.body.length > 4096) throw new GraphError(100, "text.body must be at most 4096 characters");
      } else {
        // Honest refusal rather than a fake success: only what the product sends is modelled.
        throw new GraphError(100, `The simulator models template and text messages only, not "${type}"`);
      }

      // Last of the request checks: whatever the specific checks above let through must still fit Meta's OpenAPI.
      const problems = sendBodyProblems(endpoint, body);
      if (problems) throw new GraphError(100, problems, { message: `(#100) Invalid parameter` });
      if (!number.throughput.tryTake(at)) throw new GraphError(130429);
      if (!pair.tryTake(`${number.cfg.phoneNumberId}:${waId}`, at)) throw new GraphError(131056);

      const wamid = newWamid(waId);
      accepted.push({
        wamid,
        phoneNumberId: number.cfg.phoneNumberId,
        to: waId,
        template: template?.name ?? "",
        language: template?.language ?? "",
        body,
        bizOpaqueCallbackData: opaque,
        endpoint,
        ...(fellBack ? { fellBackToCloudApi: true } : {}),
        at,
      });
      scheduleStatuses(number, waba, { wamid, waId, template, endpoint: fellBack ? "messages" : endpoint, opaque, at });
      knownUsers.add(waId);
      const response: any = {
        messaging_product: "whatsapp",
        contacts: [byBsuid ? { input: body.recipient, user_id: body.recipient } : { input: body.to, wa_id: waId }],
        messages: [template ? { id: wamid, message_status: "accepted" } : { id: wamid }],
      };
      return response;
    } catch (err) {
      if (err instanceof GraphError) {
        rejected.push({
          code: err.code,
          httpStatus: err.httpStatus,
          to,
          phoneNumberId: number.cfg.phoneNumberId,
          details: err.details,
          at,
        });
      }
      throw err;
    }
  }

  function findTemplate(waba: WabaState, request: any): SimTemplate {
    if (!request || typeof request !== "object")
      throw new GraphError(100, undefined, { message: "(#100) The parameter template is required." });
    if (typeof request.name !== "string" || !request.name) {
      throw new GraphError(100, undefined, { message: "(#100) The parameter template['name'] is required." });
    }
    const code = request.language?.code;
    if (typeof code !== "string" || !code) {
      throw new GraphError(100, undefined, {
        message: "(#100) The parameter template['language']['code'] is required.",
      });
    }
    const t = waba.templates.find((x) => x.name === request.name && x.language === code);
    // Pending or rejected templates do not exist as far as sending is concerned (A5: "missing or not approved").
    if (!t || t.status === "PENDING" || t.status === "REJECTED") {
      throw new GraphError(132001, `template name (${request.name}) does not exist in ${code}`);
    }
    if (t.status === "PAUSED")
      throw new GraphError(132015, `Template ${t.name} (${t.language}) is paused due to low quality.`);
    if (t.status === "DISABLED") throw new GraphError(132016, `Template ${t.name} (${t.language}) is disabled.`);
    return t;
  }

  function inServiceWindow(phoneNumberId: string, waId: string, at: number): boolean {
    const last = lastInbound.get(`${phoneNumberId}:${waId}`);
    return last !== undefined && at - last < CUSTOMER_SERVICE_WINDOW_MS;
  }

  function decideOutcome(
    number: NumberState,
    waba: WabaState,
    waId: string,
    template: SimTemplate | null,
    at: number,
  ): Outcome {
    const category: TemplateCategory | null = template?.category ?? null;
    const scripted =
      opts.outcomes?.(waId, { template: template?.name ?? "", category, phoneNumberId: number.cfg.phoneNumberId }) ??
      null;
    if (scripted && "fail" in scripted) return { kind: "fail", code: scripted.fail };
    const read =
      scripted && "deliver" in scripted && scripted.read !== undefined ? scripted.read : Math.random() < readRate;
    const windowOpen = inServiceWindow(number.cfg.phoneNumberId, waId, at);
    if (!scripted) {
      if (waId.endsWith("0000")) return { kind: "fail", code: 131026 };
      if (!template && !windowOpen) return { kind: "fail", code: 131047 };
      if (category === "MARKETING" && waba.stopped.has(waId)) return { kind: "fail", code: 131050 };
      // Since April 2025 Meta delivers no marketing templates to US numbers (A6).
      if (category === "MARKETING" && waId.startsWith("1")) return { kind: "fail", code: 131049 };
      // A configured share of template sends fails with each code (e.g. 2% 131026, 5% 131049).
      if (template) {
        let draw = Math.random();
        for (const [code, share] of Object.entries(failureMix)) {
          if (draw < share) return { kind: "fail", code: Number(code) };
          draw -= share;
        }
      }
    }
    // Messaging limit (A6): there is no synchronous error; the send is accepted and the message is not
    // delivered. We fail it with 131048, whose details are the wording Meta's docs gave for messages beyond
    // the messaging limit ("restrictions on how many messages can be sent from this phone number").
    if (template && !windowOpen && !waba.limit.tryReach(waId, at)) return { kind: "fail", code: 131048 };
    return { kind: "deliver", read };
  }

  function scheduleStatuses(
    number: NumberState,
    waba: WabaState,
    m: { wamid: string; waId: string; template: SimTemplate | null; endpoint: string; opaque?: string; at: number },
  ) {
    const outcome = decideOutcome(number, waba, m.waId, m.template, m.at);
    const windowOpen = inServiceWindow(number.cfg.phoneNumberId, m.waId, m.at);
    const category = !m.template
      ? "service"
      : m.endpoint === "marketing_messages"
        ? "marketing_lite"
        : m.template.category.toLowerCase();
    const free = !m.template || (m.template.category === "UTILITY" && windowOpen);
    const pricing = {
      billable: !free,
      pricing_model: "PMP",
      category,
      type: free ? "free_customer_service" : "regular",
    };
    const status = (name: string, extra: Record<string, unknown>) => () => {
      const user = users.user(waba.id, m.waId);
      // We send to phones: recipient_id is always there; the BSUID too, except on a failed status, which
      // also has no contacts[] (docs/whatsapp-platform.md).
      const s: Record<string, unknown> = {
        id: m.wamid,
        status: name,
        timestamp: String(Math.floor(now() / 1000)),
        recipient_id: m.waId,
        ...(name === "failed" ? {} : { recipient_user_id: user.bsuid }),
      };
      if (m.opaque !== undefined) s.biz_opaque_callback_data = m.opaque;
      Object.assign(s, extra);
      const contacts =
        name === "failed"
          ? {}
          : // a username shows on delivered and read statuses only
            {
              contacts: [
                contactEntry({ ...user, phoneHidden: false, username: name === "sent" ? undefined : user.username }),
              ],
            };
      return envelope(waba.id, "messages", { ...numberMetadata(number), ...contacts, statuses: [s] });
    };

    if (outcome.kind === "fail") {
      void dispatcher.schedule("messages", status("failed", { errors: [webhookError(outcome.code)] }), step, m.wamid);
      return;
    }
    const events: Array<[string, Record<string, unknown>]> = [
      ["sent", { pricing }],
      ["delivered", { pricing }],
    ];
    // From v24 a read status may carry no pricing (A7); we send none.
    if (outcome.read) events.push(["read", {}]);
    const delays = events.map((_, i) => step * (i + 1));
    if (opts.reorder) shuffle(delays);
    events.forEach(([name, extra], i) => {
      if (opts.dropRate && Math.random() < opts.dropRate) return;
      void dispatcher.schedule("messages", status(name, extra), delays[i], opts.reorder ? undefined : m.wamid);
    });
  }

  // ---- reading -----------------------------------------------------------------------------------------------

  function phoneNode(n: NumberState): Record<string, unknown> {
    const waba = wabas.get(n.cfg.wabaId)!;
    const mps = n.throughput.limit;
    return {
      id: n.cfg.phoneNumberId,
      display_phone_number: n.cfg.displayPhoneNumber,
      verified_name: n.cfg.verifiedName,
      quality_rating: n.cfg.qualityRating ?? "GREEN",
      code_verification_status: "VERIFIED",
      name_status: "APPROVED",
      platform_type: "CLOUD_API",
      status: "CONNECTED",
      account_mode: "LIVE",
      is_official_business_account: false,
      throughput: { level: mps >= 1000 ? "HIGH" : mps === DEFAULT_MPS ? "STANDARD" : "NOT_APPLICABLE" },
      // Deprecated per-number field (A6), still answered with the portfolio's value.
      messaging_limit_tier: waba.limit.tier,
      whatsapp_business_manager_messaging_limit: waba.limit.tier,
    };
  }

  function wabaNode(w: WabaState): Record<string, unknown> {
    return {
      id: w.id,
      name: w.name,
      currency: "USD",
      timezone_id: "1",
      message_template_namespace: `sim_${w.id}`,
      marketing_messages_onboarding_status: w.marketingMessages,
      account_review_status: "APPROVED",
      business_verification_status: "verified",
      ownership_type: "SELF",
      whatsapp_business_manager_messaging_limit: w.limit.tier,
    };
  }

  function listTemplates(waba: WabaState, u: URL, version: string) {
    const q = u.searchParams;
    const limitParam = q.get("limit");
    const limit = limitParam === null ? 25 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1) throw new GraphError(100, "limit must be a positive integer");
    const pageSize = Math.min(limit, 1000);
    let rows = waba.templates;
    const name = q.get("name");
    if (name) rows = rows.filter((t) => t.name.toLowerCase().includes(name.toLowerCase()));
    for (const key of ["status", "category", "language"] as const) {
      const v = q.get(key);
      if (v) rows = rows.filter((t) => String(t[key]).toUpperCase() === v.toUpperCase());
    }
    let start = 0;
    const after = q.get("after");
    const before = q.get("before");
    if (after) start = decodeCursor(after) + 1;
    else if (before) start = Math.max(0, decodeCursor(before) - pageSize);
    const end = before && !after ? Math.min(decodeCursor(before), start + pageSize) : start + pageSize;
    const page = rows.slice(start, end);
    const data = page.map((t) => selectFields(templateRow(t), u, NODE_TEMPLATE, TEMPLATE_DEFAULT_FIELDS));
    if (!page.length) return { data };
    const cursors = { before: encodeCursor(start), after: encodeCursor(start + page.length - 1) };
    const paging: Record<string, unknown> = { cursors };
    const link = (param: "after" | "before", cursor: string) => {
      const next = new URLSearchParams(q);
      next.delete("after");
      next.delete("before");
      next.set(param, cursor);
      return `${url}/${version}/${waba.id}/message_templates?${next.toString()}`;
    };
    if (start + page.length < rows.length) paging.next = link("after", cursors.after);
    if (start > 0) paging.previous = link("before", cursors.before);
    return { data, paging };
  }

  // ---- webhooks the simulator originates ---------------------------------------------------------------------

  function numberOrThrow(phoneNumberId: string): NumberState {
    const n = numbers.get(phoneNumberId);
    if (!n) throw new Error(`unknown phoneNumberId ${phoneNumberId}`);
    return n;
  }

  function inbound(phoneNumberId: string, from: string, message: Record<string, unknown>): Promise<void> {
    const n = numberOrThrow(phoneNumberId);
    const waId = from.replace(/^\+/, "");
    const at = now();
    lastInbound.set(`${phoneNumberId}:${waId}`, at);
    knownUsers.add(waId);
    const user = users.user(n.cfg.wabaId, waId);
    const body = envelope(n.cfg.wabaId, "messages", {
      ...numberMetadata(n),
      contacts: [contactEntry(user)],
      messages: [{ ...senderFields(user), id: newWamid(waId), timestamp: String(Math.floor(at / 1000)), ...message }],
    });
    return dispatcher.schedule("messages", body, 0);
  }

  function templateOrThrow(wabaId: string, name: string, language: string): SimTemplate {
    const t = wabas.get(wabaId)?.templates.find((x) => x.name === name && x.language === language);
    if (!t) throw new Error(`unknown template ${wabaId}/${name}/${language}`);
    return t;
  }

  /** WABA-level webhooks (templates, quality, limits, account) carry entry.time and no phone number metadata. */
  function wabaWebhook(wabaId: string, field: string, value: Record<string, unknown>): Promise<void> {
    const body = envelope(wabaId, field, value);
    (body.entry[0] as Record<string, unknown>).time = Math.floor(now() / 1000);
    return dispatcher.schedule(field, body, 0);
  }

  /**
   * A small HTTP control surface for the simulator process (demo, manual checks): POST JSON to
   * /_sim/inbound-text {phoneNumberId?, from, text}, /_sim/quick-reply {from, payload, text},
   * /_sim/user-preference {from, value}, /_sim/template-status {name, language, status},
   * /_sim/quality {rating}, /_sim/tier {tier}, /_sim/failure-mix {"131026": 0.02}; GET /_sim/accepted.
   */
  async function control(req: IncomingMessage, res: ServerResponse, u: URL) {
    const action = u.pathname.slice("/_sim/".length);
    if (req.method === "GET" && action === "accepted") {
      return sendJson(res, 200, {
        count: accepted.length,
        rejected: rejected.length,
        messages: accepted.slice(-100).map(({ body: _b, ...m }) => m),
      });
    }
    if (req.method !== "POST") return sendJson(res, 405, { error: "POST JSON to /_sim/<action>" });
    let body: any;
    try {
      body = JSON.parse((await readBody(req)) || "{}");
    } catch {
      return sendJson(res, 400, { error: "body is not JSON" });
    }
    const first = numbers.values().next().value as NumberState;
    const phoneNumberId: string = body.phoneNumberId ?? first.cfg.phoneNumberId;
    const wabaId = numberOrThrow(phoneNumberId).cfg.wabaId;
    try {
      switch (action) {
        case "inbound-text":
          await sim.sendInboundText(phoneNumberId, String(body.from), String(body.text));
          break;
        case "quick-reply":
          await sim.sendQuickReply(
            phoneNumberId,
            String(body.from),
            String(body.payload),
            String(body.text ?? body.payload),
          );
          break;
        case "user-preference":
          await sim.sendUserPreference(phoneNumberId, String(body.from), body.value === "resume" ? "resume" : "stop");
          break;
        case "template-status":
          await sim.setTemplateStatus(wabaId, String(body.name), String(body.language), body.status);
          break;
        case "quality":
          await sim.setQualityRating(phoneNumberId, body.rating);
          break;
        case "tier":
          await sim.setTier(phoneNumberId, body.tier);
          break;
        case "failure-mix":
          sim.setFailureMix(body);
          break;
        default:
          return sendJson(res, 404, { error: `unknown control action ${action}` });
      }
    } catch (err) {
      return sendJson(res, 400, { error: (err as Error).message });
    }
    return sendJson(res, 200, { ok: true });
  }

  const sim: WhatsAppSimulator = {
    url,
    accepted,
    rejected,
    requestVersions,
    webhookLog: dispatcher.log,
    get webhookFailures() {
      return dispatcher.failures;
    },
    setWebhookUrl(u) {
      dispatcher.setUrl(u);
    },
    setThroughput(phoneNumberId, mps) {
      numberOrThrow(phoneNumberId).throughput.limit = mps;
    },
    setMarketingMessagesStatus(wabaId, status) {
      const waba = wabas.get(wabaId);
      if (!waba) throw new Error(`unknown WABA ${wabaId}`);
      waba.marketingMessages = status;
    },
    setSendRefusal(phoneNumberId, code) {
      numberOrThrow(phoneNumberId).refusal = code;
    },
    setTier(phoneNumberId, tier) {
      const n = numberOrThrow(phoneNumberId);
      wabas.get(n.cfg.wabaId)!.limit.tier = tier;
      // The portfolio's new messaging limit arrives as business_capability_update (the per-phone integer is the
      // deprecated field; -1 = unlimited).
      return wabaWebhook(n.cfg.wabaId, "business_capability_update", {
        max_daily_conversation_per_phone: Number.isFinite(TIER_LIMIT[tier]) ? TIER_LIMIT[tier] : -1,
        max_daily_conversations_per_business: tier,
        max_phone_numbers_per_waba: 25,
      });
    },
    setQualityRating(phoneNumberId, rating) {
      const n = numberOrThrow(phoneNumberId);
      const previous = n.cfg.qualityRating ?? "GREEN";
      n.cfg.qualityRating = rating;
      // phone_number_quality_update names the number by display number only and carries the event, not the
      // rating: apps read quality_rating from the phone number node afterwards.
      const worse = QUALITY_ORDER[rating] > QUALITY_ORDER[previous];
      const tier = wabas.get(n.cfg.wabaId)!.limit.tier;
      return wabaWebhook(n.cfg.wabaId, "phone_number_quality_update", {
        display_phone_number: digits(n.cfg.displayPhoneNumber),
        event: rating === previous ? "ONBOARDING" : worse ? "FLAGGED" : "UNFLAGGED",
        current_limit: tier,
        max_daily_conversations_per_business: tier,
      });
    },
    sendAccountUpdate(wabaId, value) {
      if (!wabas.has(wabaId)) throw new Error(`unknown WABA ${wabaId}`);
      return wabaWebhook(wabaId, "account_update", value);
    },
    setTemplateQuality(wabaId, name, language, score) {
      const t = templateOrThrow(wabaId, name, language);
      const previous = t.quality_score?.score ?? "UNKNOWN";
      t.quality_score = { score };
      return wabaWebhook(wabaId, "message_template_quality_update", {
        previous_quality_score: previous,
        new_quality_score: score,
        message_template_id: templateIdValue(t),
        message_template_name: t.name,
        message_template_language: t.language,
      });
    },
    setTemplateCategory(wabaId, name, language, category) {
      const t = templateOrThrow(wabaId, name, language);
      t.category = category;
      return wabaWebhook(wabaId, "template_category_update", {
        message_template_id: templateIdValue(t),
        message_template_name: t.name,
        message_template_language: t.language,
        new_category: category,
      });
    },
    addTemplate(wabaId, template) {
      const waba = wabas.get(wabaId);
      if (!waba) throw new Error(`unknown WABA ${wabaId}`);
      if (waba.templates.some((t) => t.name === template.name && t.language === template.language)) {
        throw new Error(`template ${template.name}/${template.language} exists`);
      }
      waba.templates.push(structuredClone(template));
      return sim.setTemplateStatus(wabaId, template.name, template.language, template.status);
    },
    setFailureMix(mix) {
      failureMix = checkMix(mix);
    },
    setTemplateStatus(wabaId, name, language, status: TemplateStatus) {
      const t = templateOrThrow(wabaId, name, language);
      t.status = status;
      const value: Record<string, unknown> = {
        event: status,
        message_template_id: templateIdValue(t),
        message_template_name: t.name,
        message_template_language: t.language,
        reason: status === "REJECTED" ? "INVALID_FORMAT" : "NONE",
        message_template_category: t.category,
      };
      if (status === "PAUSED") {
        value.other_info = {
          title: "FIRST_PAUSE",
          description: "Your template has been paused for 3 hours due to low quality.",
        };
      }
      return wabaWebhook(wabaId, "message_template_status_update", value);
    },
    bsuidOf(phoneNumberId, waId) {
      return users.bsuid(numberOrThrow(phoneNumberId).cfg.wabaId, waId.replace(/^\+/, ""));
    },
    setPhoneHidden(waId, username) {
      users.setPhoneHidden(waId.replace(/^\+/, ""), username);
    },
    sendInboundText(phoneNumberId, from, text) {
      return inbound(phoneNumberId, from, { type: "text", text: { body: text } });
    },
    sendQuickReply(phoneNumberId, from, payload, text, contextWamid) {
      const n = numberOrThrow(phoneNumberId);
      const waId = from.replace(/^\+/, "");
      const context =
        contextWamid ?? [...accepted].reverse().find((a) => a.phoneNumberId === phoneNumberId && a.to === waId)?.wamid;
      return inbound(phoneNumberId, from, {
        ...(context ? { context: { from: digits(n.cfg.displayPhoneNumber), id: context } } : {}),
        type: "button",
        button: { payload, text },
      });
    },
    sendUserPreference(phoneNumberId, waId, value) {
      const n = numberOrThrow(phoneNumberId);
      const id = waId.replace(/^\+/, "");
      const waba = wabas.get(n.cfg.wabaId)!;
      if (value === "stop") waba.stopped.add(id);
      else waba.stopped.delete(id);
      knownUsers.add(id);
      const user = users.user(n.cfg.wabaId, id);
      const body = envelope(n.cfg.wabaId, "user_preferences", {
        ...numberMetadata(n),
        contacts: [contactEntry(user)],
        user_preferences: [
          {
            ...(user.phoneHidden ? {} : { wa_id: id }),
            user_id: user.bsuid,
            detail:
              value === "stop"
                ? "User requested to stop marketing messages"
                : "User requested to resume marketing messages",
            category: "marketing_messages",
            value,
            timestamp: Math.floor(now() / 1000),
          },
        ],
      });
      return dispatcher.schedule("user_preferences", body, 0);
    },
    flushWebhooks() {
      return dispatcher.idle();
    },
    close() {
      dispatcher.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return sim;
}

// ---- helpers -----------------------------------------------------------------------------------------------------

const TIER_ORDER: Record<MessagingLimitTier, number> = {
  TIER_250: 0,
  TIER_2K: 1,
  TIER_10K: 2,
  TIER_100K: 3,
  TIER_UNLIMITED: 4,
};
const QUALITY_ORDER: Record<QualityRating, number> = { GREEN: 0, YELLOW: 1, RED: 2 };

/** Meta sends numeric template ids as JSON numbers in webhooks (see the fixtures). */
function templateIdValue(t: SimTemplate): number | string {
  return /^\d{1,15}$/.test(t.id) ? Number(t.id) : t.id;
}

function checkMix(mix: Record<number | string, number>): Record<number, number> {
  const out: Record<number, number> = {};
  let total = 0;
  for (const [code, share] of Object.entries(mix)) {
    if (!/^\d+$/.test(code) || !(share >= 0)) throw new Error(`failure mix: ${code} → ${share} is not code → share`);
    out[Number(code)] = share;
    total += share;
  }
  if (total > 1) throw new Error(`failure mix shares add up to ${total} > 1`);
  return out;
}
const PHONE_DEFAULT_FIELDS = [
  "verified_name",
  "code_verification_status",
  "display_phone_number",
  "quality_rating",
  "platform_type",
  "throughput",
  "id",
];
const WABA_DEFAULT_FIELDS = ["id", "name", "currency", "timezone_id", "message_template_namespace"];
const TEMPLATE_DEFAULT_FIELDS = ["name", "parameter_format", "components", "language", "status", "category", "id"];

function templateRow(t: SimTemplate): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    parameter_format: t.parameter_format,
    components: t.components,
    quality_score: t.quality_score ?? { score: "UNKNOWN" },
    rejected_reason: t.status === "REJECTED" ? "INVALID_FORMAT" : "NONE",
    sub_category: null,
    previous_category: null,
    message_send_ttl_seconds: null,
    cta_url_link_tracking_opted_out: false,
  };
}

/** Graph's `fields=a,b{c}` selection; unknown fields are an error, as on Graph. `id` always comes back. */
function selectFields(
  node: Record<string, unknown>,
  u: URL,
  nodeType: string,
  defaults: string[],
): Record<string, unknown> {
  const param = u.searchParams.get("fields");
  const wanted = param
    ? param
        .replace(/\{[^}]*\}/g, "")
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean)
    : defaults;
  const out: Record<string, unknown> = {};
  for (const f of wanted) {
    if (!(f in node)) {
      throw new GraphError(100, undefined, {
        message: `(#100) Tried accessing nonexisting field (${f}) on node type (${nodeType})`,
      });
    }
    if (node[f] !== null) out[f] = node[f];
  }
  if (node.id !== undefined) out.id = node.id;
  return out;
}

function envelope(wabaId: string, field: string, value: Record<string, unknown>) {
  return { object: "whatsapp_business_account", entry: [{ id: wabaId, changes: [{ value, field }] }] };
}

function numberMetadata(n: NumberState) {
  return {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: digits(n.cfg.displayPhoneNumber), phone_number_id: n.cfg.phoneNumberId },
  };
}

function digits(s: string): string {
  return s.replace(/\D/g, "");
}

/** Looks like Meta's ids: "wamid.HBgL" + base64 of the number and random bytes. */
function newWamid(waId: string): string {
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x18, 0x0b]),
    Buffer.from(waId),
    Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, 0x14]),
    randomBytes(15),
  ]);
  return "wamid." + bytes.toString("base64");
}

function encodeCursor(index: number): string {
  return Buffer.from(`QVFI:${index}`).toString("base64");
}

function decodeCursor(cursor: string): number {
  const m = /^QVFI:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m) throw new GraphError(100, undefined, { message: "(#100) The after/before cursor is invalid" });
  return Number(m[1]);
}

function shuffle<T>(xs: T[]) {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

function bearer(req: IncomingMessage, u: URL): string | null {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h) ?? /^OAuth\s+(\S+)$/i.exec(h);
    return m ? m[1] : null;
  }
  return u.searchParams.get("access_token");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new GraphError(100, "Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  const raw = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=UTF-8",
    "Content-Length": Buffer.byteLength(raw),
    ...headers,
  });
  res.end(raw);
}
