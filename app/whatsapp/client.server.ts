// Typed WhatsApp Cloud API client (apis.md A2, A4, A5): template and text sends, the phone number and WABA
// nodes, and template listing with cursor paging. Built for a high-throughput dispatcher: one keep-alive
// connection pool per origin, no per-call setup beyond JSON encoding, every failure a WhatsAppApiError whose
// `policy` says retry / permanent / stop (app/whatsapp/errors.ts). The token is sent in a header only: never
// in a URL, an error message or a log line.
import http from "node:http";
import https from "node:https";
import { WhatsAppApiError } from "./errors";
import type { ApiTemplate, BusinessAccountInfo, PhoneNumberInfo, SendResult, TemplateSendRequest } from "./types";

export interface WhatsAppCredentials {
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
}

export interface ClientOptions {
  /** e.g. https://graph.facebook.com (a simulator in tests and the demo) */
  graphUrl: string;
  /** pinned Graph version, e.g. v26.0 (Meta's latest since 2026-07-29; app/env.server.ts) */
  version: string;
  /** per-request timeout (default 15 s) */
  timeoutMs?: number;
}

const PHONE_FIELDS =
  "id,display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit";
const WABA_FIELDS = "id,name,whatsapp_business_manager_messaging_limit,marketing_messages_onboarding_status";
const TEMPLATE_FIELDS = "id,name,language,status,category,components,parameter_format,quality_score,rejected_reason";
const MAX_TEMPLATE_PAGES = 100; // 250 templates per WABA at most (A4): a runaway `next` loop ends here

// One pool per protocol, shared by every client: sockets stay open between sends.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 }),
};

interface RawResponse {
  status: number;
  body: string;
}

// URL → request target, parsed once per URL object (the send URL is reused for every message).
const targets = new WeakMap<URL, { protocol: string; hostname: string; port: string; path: string }>();

function targetOf(url: URL) {
  let t = targets.get(url);
  if (!t) {
    t = {
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port,
      path: `${url.pathname}${url.search}`,
    };
    targets.set(url, t);
  }
  return t;
}

function request(
  url: URL,
  method: "GET" | "POST",
  token: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<RawResponse> {
  const lib = url.protocol === "https:" ? https : http;
  const agent = agents[url.protocol as "http:" | "https:"];
  if (!agent) return Promise.reject(new WhatsAppApiError(`unsupported protocol ${url.protocol}`, 100, null));
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        ...targetOf(url),
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          ...(body !== undefined
            ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }
            : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err) => reject(transportError(err)));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) => reject(transportError(err)));
    // One write for headers and body (no separate body chunk per request).
    req.end(body);
  });
}

function transportError(err: Error): WhatsAppApiError {
  return new WhatsAppApiError(`WhatsApp Cloud API unreachable: ${err.message}`, null, null);
}

interface GraphErrorBody {
  error?: {
    message?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { details?: string };
    fbtrace_id?: string;
  };
}

function parseAnswer<T>(res: RawResponse): T {
  let parsed: unknown;
  try {
    parsed = res.body ? JSON.parse(res.body) : {};
  } catch {
    // A proxy's HTML error page, a truncated body: Meta did not answer in its format.
    throw new WhatsAppApiError(
      `unexpected non-JSON answer (HTTP ${res.status})`,
      res.status >= 500 ? 131000 : 135000,
      res.status,
    );
  }
  const err = (parsed as GraphErrorBody).error;
  if (res.status >= 400 || err) {
    const code = typeof err?.code === "number" ? err.code : 131000;
    const details = err?.error_data?.details ?? null;
    const message = `${err?.message ?? `HTTP ${res.status}`}${details ? ` — ${details}` : ""}`;
    throw new WhatsAppApiError(message, code, res.status, details, err?.fbtrace_id ?? null, err?.error_subcode ?? null);
  }
  return parsed as T;
}

interface SendAnswer {
  contacts?: Array<{ input?: string; wa_id?: string; user_id?: string }>;
  messages?: Array<{ id: string; message_status?: string }>;
}

interface TemplatePage {
  data?: ApiTemplate[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

export class WhatsAppClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  /** the send endpoints, built once: a dispatcher calls them thousands of times a second */
  private readonly sendUrls = new Map<string, URL>();

  constructor(
    private readonly creds: WhatsAppCredentials,
    private readonly opts: ClientOptions,
  ) {
    this.base = new URL(opts.graphUrl.replace(/\/+$/, "") + "/");
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  get phoneNumberId() {
    return this.creds.phoneNumberId;
  }

  get wabaId() {
    return this.creds.wabaId;
  }

  private url(path: string, query: Record<string, string> = {}): URL {
    const u = new URL(`${this.opts.version}/${path}`, this.base);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  }

  private async call<T>(method: "GET" | "POST", url: URL, body?: unknown): Promise<T> {
    const res = await request(
      url,
      method,
      this.creds.accessToken,
      body === undefined ? undefined : JSON.stringify(body),
      this.timeoutMs,
    );
    return parseAnswer<T>(res);
  }

  /** Sends one template message. Acceptance is not delivery: the outcome comes by status webhook. */
  async sendTemplate(req: TemplateSendRequest): Promise<SendResult> {
    const body: Record<string, unknown> = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: req.to,
      type: "template",
      template: {
        name: req.template.name,
        language: { code: req.template.language },
        components: req.template.components,
      },
    };
    if (req.bizOpaqueCallbackData !== undefined) body.biz_opaque_callback_data = req.bizOpaqueCallbackData;
    const endpoint = req.endpoint ?? "messages";
    let url = this.sendUrls.get(endpoint);
    if (!url) this.sendUrls.set(endpoint, (url = this.url(`${this.creds.phoneNumberId}/${endpoint}`)));
    const answer = await this.call<SendAnswer>("POST", url, body);
    return sendResult(answer);
  }

  /** A free-form text (only inside the customer's 24-hour service window; else it fails 131047 by webhook). */
  async sendText(to: string, text: string, bizOpaqueCallbackData?: string): Promise<SendResult> {
    const body: Record<string, unknown> = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to,
      type: "text",
      text: { body: text, preview_url: false },
    };
    if (bizOpaqueCallbackData !== undefined) body.biz_opaque_callback_data = bizOpaqueCallbackData;
    return sendResult(await this.call<SendAnswer>("POST", this.url(`${this.creds.phoneNumberId}/messages`), body));
  }

  async getPhoneNumber(): Promise<PhoneNumberInfo> {
    const node = await this.call<Record<string, unknown>>(
      "GET",
      this.url(this.creds.phoneNumberId, { fields: PHONE_FIELDS }),
    );
    const throughput = node.throughput as { level?: string } | undefined;
    return {
      id: String(node.id ?? this.creds.phoneNumberId),
      displayPhoneNumber: str(node.display_phone_number),
      verifiedName: str(node.verified_name),
      qualityRating: str(node.quality_rating),
      messagingLimitTier: str(node.whatsapp_business_manager_messaging_limit),
      throughputLevel: str(throughput?.level),
    };
  }

  async getBusinessAccount(): Promise<BusinessAccountInfo> {
    const node = await this.call<Record<string, unknown>>("GET", this.url(this.creds.wabaId, { fields: WABA_FIELDS }));
    return {
      id: String(node.id ?? this.creds.wabaId),
      name: str(node.name),
      messagingLimitTier: str(node.whatsapp_business_manager_messaging_limit),
      marketingMessagesStatus: str(node.marketing_messages_onboarding_status),
    };
  }

  /** The phone number ids registered in the WABA (to check the number belongs to it). */
  async listPhoneNumberIds(): Promise<string[]> {
    const ids: string[] = [];
    let url: URL | null = this.url(`${this.creds.wabaId}/phone_numbers`, { fields: "id", limit: "100" });
    for (let page = 0; url && page < 20; page++) {
      const answer: { data?: Array<{ id: string }>; paging?: { next?: string } } = await this.call("GET", url);
      ids.push(...(answer.data ?? []).map((d) => String(d.id)));
      url = this.nextPage(answer.paging?.next);
    }
    return ids;
  }

  /** Every template of the WABA, one page at a time (cursor paging until `paging.next` is absent). */
  async *templatePages(opts: { limit?: number; status?: string } = {}): AsyncGenerator<ApiTemplate[]> {
    const query: Record<string, string> = { fields: TEMPLATE_FIELDS, limit: String(opts.limit ?? 100) };
    if (opts.status) query.status = opts.status;
    let url: URL | null = this.url(`${this.creds.wabaId}/message_templates`, query);
    for (let page = 0; url; page++) {
      if (page >= MAX_TEMPLATE_PAGES) throw new WhatsAppApiError("template paging did not end", 131000, null);
      const answer: TemplatePage = await this.call<TemplatePage>("GET", url);
      yield (answer.data ?? []).map((t) => ({ ...t, id: String(t.id) }));
      url = this.nextPage(answer.paging?.next);
    }
  }

  async listTemplates(opts: { limit?: number; status?: string } = {}): Promise<ApiTemplate[]> {
    const all: ApiTemplate[] = [];
    for await (const page of this.templatePages(opts)) all.push(...page);
    return all;
  }

  /** Follows Graph's `paging.next` only on the configured Graph origin, so the token never goes elsewhere. */
  private nextPage(next: string | undefined): URL | null {
    if (!next) return null;
    let u: URL;
    try {
      u = new URL(next);
    } catch {
      return null;
    }
    if (u.origin !== this.base.origin)
      throw new WhatsAppApiError(`refusing to follow paging link to ${u.origin}`, 100, null);
    u.searchParams.delete("access_token");
    return u;
  }
}

function sendResult(answer: SendAnswer): SendResult {
  const message = answer.messages?.[0];
  if (!message?.id) throw new WhatsAppApiError("send answered without a message id", 131000, 200);
  const contact = answer.contacts?.[0];
  return { wamid: message.id, waId: contact?.wa_id ?? null, messageStatus: message.message_status ?? null };
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

export function createWhatsAppClient(creds: WhatsAppCredentials, opts: ClientOptions): WhatsAppClient {
  return new WhatsAppClient(creds, opts);
}
