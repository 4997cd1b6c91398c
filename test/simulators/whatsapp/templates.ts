// Checks a send request's `template` object against the approved template, the way the Cloud API does
// (apis.md A2, A5): parameter counts per component (132000), formats (132012), empty or invalid values
// (131008 / 131009 / 100), button index and sub_type, and hydrated lengths (132005).
import { GraphError } from "./errors";
import type { SimTemplate } from "./types";

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const MEDIA_FORMATS = new Set(["IMAGE", "VIDEO", "DOCUMENT"]);
const SUB_TYPE_OF_BUTTON: Record<string, string> = {
  URL: "url",
  QUICK_REPLY: "quick_reply",
  COPY_CODE: "copy_code",
  FLOW: "flow",
  CATALOG: "catalog",
  MPM: "mpm",
  // Authentication templates' one-time-password button is addressed as a url button.
  OTP: "url",
};
const HEADER_MAX = 60;
const BODY_MAX = 1024;
const COUPON_MAX = 15;

/** Distinct placeholders in order of first appearance ("1", "2" or "first_name"). */
export function placeholders(text: string | undefined): string[] {
  const out: string[] = [];
  for (const m of (text ?? "").matchAll(PLACEHOLDER)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

function countError(component: string, got: number, expected: number): GraphError {
  return new GraphError(
    132000,
    `${component}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  );
}

function templateComponent(t: SimTemplate, type: string): any {
  return t.components.find((c) => String(c.type).toUpperCase() === type);
}

export interface RenderedTemplate {
  header?: string;
  body: string;
  /** Button URLs with their suffix filled in, by button index. */
  urls: Record<number, string>;
}

export function validateTemplateSend(t: SimTemplate, request: any): RenderedTemplate {
  const components = request.components ?? [];
  if (!Array.isArray(components)) throw new GraphError(100, "components must be an array");
  const byType: Record<string, any[]> = { header: [], body: [], button: [] };
  for (const c of components) {
    const type = String(c?.type ?? "").toLowerCase();
    if (!byType[type]) throw new GraphError(100, `Invalid component type: ${c?.type}`);
    if (c.parameters !== undefined && !Array.isArray(c.parameters)) {
      throw new GraphError(100, `${type}: parameters must be an array`);
    }
    byType[type].push(c);
  }
  if (byType.header.length > 1 || byType.body.length > 1) throw new GraphError(100, "Duplicate component");

  const named = t.parameter_format === "NAMED";
  const header = checkHeader(t, byType.header[0], named);
  const body = checkBody(t, byType.body[0], named);
  const urls = checkButtons(t, byType.button);
  return { header, body, urls };
}

function checkHeader(t: SimTemplate, req: any, named: boolean): string | undefined {
  const tmpl = templateComponent(t, "HEADER");
  const params: any[] = req?.parameters ?? [];
  if (!tmpl) {
    if (params.length) throw countError("header", params.length, 0);
    return undefined;
  }
  const format = String(tmpl.format ?? "TEXT").toUpperCase();
  if (format === "TEXT") {
    const expected = placeholders(tmpl.text);
    if (params.length !== expected.length) throw countError("header", params.length, expected.length);
    if (!expected.length) return tmpl.text;
    const p = params[0];
    if (p?.type !== "text") throw formatMismatch("header", "TEXT", p?.type);
    checkTextParam("header", p);
    if (named) checkNames("header", params, expected);
    const hydrated = String(tmpl.text).replace(PLACEHOLDER, () => p.text);
    if (hydrated.length > HEADER_MAX)
      throw new GraphError(132005, `header: text is longer than ${HEADER_MAX} characters`);
    return hydrated;
  }
  // A media or location header always takes exactly one parameter of its own type.
  const p = params[0];
  if (!p) throw formatMismatch("header", format, undefined);
  if (params.length > 1) throw countError("header", params.length, 1);
  if (String(p.type).toUpperCase() !== format) throw formatMismatch("header", format, p.type);
  if (MEDIA_FORMATS.has(format)) {
    const media = p[String(p.type)];
    if (!media || (typeof media.link !== "string" && typeof media.id !== "string") || !(media.link || media.id)) {
      throw new GraphError(131008, `header: parameter of type ${p.type} is missing link or id`);
    }
    if (media.link && !/^https?:\/\//.test(media.link)) {
      throw new GraphError(131009, `header: ${p.type} link is not a valid URL`);
    }
  } else if (format === "LOCATION") {
    const loc = p.location;
    if (!loc || typeof loc.latitude !== "number" || typeof loc.longitude !== "number") {
      throw new GraphError(131008, "header: location requires latitude and longitude");
    }
  }
  return undefined;
}

function checkBody(t: SimTemplate, req: any, named: boolean): string {
  const tmpl = templateComponent(t, "BODY");
  const text: string = tmpl?.text ?? "";
  const expected = placeholders(text);
  const params: any[] = req?.parameters ?? [];
  if (params.length !== expected.length) throw countError("body", params.length, expected.length);
  const values = new Map<string, string>();
  params.forEach((p, i) => {
    const value = bodyParamValue(p);
    if (named) return;
    values.set(expected[i], value);
  });
  if (named) {
    checkNames("body", params, expected);
    for (const p of params) values.set(p.parameter_name, bodyParamValue(p));
  }
  const hydrated = text.replace(PLACEHOLDER, (_m, key: string) => values.get(key) ?? "");
  if (hydrated.length > BODY_MAX) throw new GraphError(132005, `body: text is longer than ${BODY_MAX} characters`);
  return hydrated;
}

function bodyParamValue(p: any): string {
  switch (p?.type) {
    case "text":
      checkTextParam("body", p);
      return p.text;
    case "currency": {
      const c = p.currency;
      if (!c || typeof c.fallback_value !== "string" || !c.fallback_value.trim()) {
        throw new GraphError(131008, "body: Parameter of type currency is missing fallback_value");
      }
      if (typeof c.code !== "string" || !/^[A-Z]{3}$/.test(c.code)) {
        throw new GraphError(131009, "body: currency code must be an ISO 4217 code");
      }
      if (!Number.isInteger(c.amount_1000))
        throw new GraphError(131009, "body: currency amount_1000 must be an integer");
      return c.fallback_value;
    }
    case "date_time": {
      const d = p.date_time;
      if (!d || typeof d.fallback_value !== "string" || !d.fallback_value.trim()) {
        throw new GraphError(131008, "body: Parameter of type date_time is missing fallback_value");
      }
      return d.fallback_value;
    }
    default:
      throw formatMismatch("body", "TEXT", p?.type);
  }
}

function checkTextParam(component: string, p: any) {
  if (typeof p.text !== "string" || !p.text.trim()) {
    throw new GraphError(131008, `${component}: Parameter of type text is missing text value`);
  }
  if (/[\n\t]| {5,}/.test(p.text)) {
    throw new GraphError(100, "Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
  }
}

function checkNames(component: string, params: any[], expected: string[]) {
  const seen = new Set<string>();
  for (const p of params) {
    const name = p?.parameter_name;
    if (typeof name !== "string" || !name) {
      throw new GraphError(131008, `${component}: Parameter name is missing or empty`);
    }
    if (!expected.includes(name) || seen.has(name)) {
      throw new GraphError(
        131009,
        `${component}: parameter name (${name}) does not match the template's named parameters`,
      );
    }
    seen.add(name);
  }
}

function checkButtons(t: SimTemplate, reqs: any[]): Record<number, string> {
  const buttons: any[] = templateComponent(t, "BUTTONS")?.buttons ?? [];
  const urls: Record<number, string> = {};
  const given = new Set<number>();
  for (const req of reqs) {
    const rawIndex = req.index;
    if (rawIndex === undefined || rawIndex === null || !/^\d+$/.test(String(rawIndex))) {
      throw new GraphError(131008, "buttons: index is required and must be a number in a string");
    }
    const index = Number(rawIndex);
    if (given.has(index)) throw new GraphError(100, `buttons: duplicate component for button at index ${index}`);
    given.add(index);
    const button = buttons[index];
    if (!button) throw new GraphError(131009, `buttons: Button at index ${index} does not exist`);
    const expectedSubType = SUB_TYPE_OF_BUTTON[String(button.type).toUpperCase()];
    if (String(req.sub_type ?? "").toLowerCase() !== expectedSubType) {
      throw new GraphError(131009, `buttons: Button at index ${index} is of type ${button.type}, not ${req.sub_type}`);
    }
    const params: any[] = req.parameters ?? [];
    switch (expectedSubType) {
      case "url": {
        const dynamic = button.type === "OTP" || placeholders(button.url).length > 0;
        const expected = dynamic ? 1 : 0;
        if (params.length !== expected) throw countError("buttons", params.length, expected);
        if (!dynamic) break;
        if (params[0].type !== "text") throw formatMismatch("buttons", "TEXT", params[0].type);
        checkTextParam("buttons", params[0]);
        if (button.url) urls[index] = String(button.url).replace(PLACEHOLDER, params[0].text);
        break;
      }
      case "quick_reply":
        if (params.length > 1) throw countError("buttons", params.length, 1);
        if (params[0] && (params[0].type !== "payload" || typeof params[0].payload !== "string")) {
          throw formatMismatch("buttons", "PAYLOAD", params[0].type);
        }
        break;
      case "copy_code":
        if (params.length !== 1) throw countError("buttons", params.length, 1);
        if (params[0].type !== "coupon_code") throw formatMismatch("buttons", "COUPON_CODE", params[0].type);
        if (typeof params[0].coupon_code !== "string" || !params[0].coupon_code) {
          throw new GraphError(131008, "buttons: Parameter of type coupon_code is missing coupon_code value");
        }
        if (params[0].coupon_code.length > COUPON_MAX) {
          throw new GraphError(132005, `buttons: coupon_code is longer than ${COUPON_MAX} characters`);
        }
        break;
      default:
        break;
    }
  }
  // A URL button whose link ends in a variable needs its suffix in every send.
  buttons.forEach((button, index) => {
    const dynamicUrl = button.type === "URL" && placeholders(button.url).length > 0;
    if ((dynamicUrl || button.type === "OTP" || button.type === "COPY_CODE") && !given.has(index)) {
      throw new GraphError(131008, `buttons: Button at index ${index} of type ${button.type} requires a parameter`);
    }
  });
  return urls;
}

function formatMismatch(component: string, expected: string, received: unknown): GraphError {
  const got = typeof received === "string" && received ? received.toUpperCase() : "UNKNOWN";
  return new GraphError(132012, `${component}: Format mismatch, expected ${expected}, received ${got}`);
}
