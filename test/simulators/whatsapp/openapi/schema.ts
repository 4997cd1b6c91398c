// Every send body checked against Meta's own OpenAPI definition (facebook/openapi, business-messaging-api_v23.0,
// vendored by extract.ts into test/fixtures/meta/). The simulator's hand-written checks give Meta's specific error
// codes; this check makes sure nothing the app sends falls outside Meta's published shapes, even where those
// checks are silent.
//
// Where Meta's spec contradicts Meta's own documentation and examples, we follow the documentation and list the
// deviation here and in docs/whatsapp-platform.md ("Meta's OpenAPI and where it is wrong"):
//  1. `language.policy` is required by the spec; every template example in Meta's docs omits it.
//  2. Button `index` has the pattern "^[2-6, 11-14]$" (a character class that refuses "0" and "1"); Meta's examples
//     send "0", "1"…: we accept 0–9 as a string or an integer.
//  3. `biz_opaque_callback_data` (≤ 512 characters) and `recipient` (a business-scoped user id, sent instead of
//     `to`) are documented on Meta's send and BSUID pages but missing from the spec.
//  4. COPY_CODE buttons (`sub_type: "copy_code"`, parameter `{ type: "coupon_code", coupon_code }`, ≤ 15
//     characters) are documented on Meta's template pages but missing from the spec's enums.
//  5. `additionalProperties: false` inside one member of an `allOf` forbids the properties of the other members
//     too (so the spec's own text-message example fails it); we read it as intended: nothing beyond the properties
//     of all members.
//  6. A `discriminator` without `oneOf` (TemplateComponent, ParameterObject, ButtonParameterObject) is not JSON
//     Schema; it becomes "the mapped schema for this type", so a header parameter really is checked as one.
//  7. `recipient_type` is required by the spec; Meta's send reference calls it optional (default "individual") and
//     several of its examples leave it out.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

type Schema = Record<string, any>;
const PREFIX = "#/components/schemas/";
const file = path.resolve(import.meta.dirname, "../../../fixtures/meta/whatsapp-send-schemas.v23.0.json");

function patched(): Record<string, Schema> {
  const spec = JSON.parse(readFileSync(file, "utf8")) as { schemas: Record<string, Schema> };
  const s = structuredClone(spec.schemas);
  // 1
  s.LanguageObject!.required = ["code"];
  // 2 and 4
  const index = {
    anyOf: [
      { type: "string", pattern: "^[0-9]$" },
      { type: "integer", minimum: 0, maximum: 9 },
    ],
  };
  for (const name of ["TemplateComponent", "ButtonComponent"]) {
    const props = name === "TemplateComponent" ? s[name]!.properties : s[name]!.allOf[1].properties;
    props.index = index;
    props.sub_type.enum = [...props.sub_type.enum, "copy_code"];
  }
  s.ButtonParameterObject!.properties.type.enum.push("coupon_code");
  s.ButtonParameterObject!.discriminator.mapping.coupon_code = `${PREFIX}ButtonCouponCodeParameter`;
  s.ButtonCouponCodeParameter = {
    allOf: [
      { $ref: `${PREFIX}ButtonParameterObject` },
      {
        type: "object",
        required: ["coupon_code"],
        properties: { type: { enum: ["coupon_code"] }, coupon_code: { type: "string", maxLength: 15 } },
      },
    ],
  };
  // 3
  for (const name of ["BaseMessageProperties", "MarketingMessageRequestPayload"]) {
    const t = s[name]!;
    t.properties.biz_opaque_callback_data = { type: "string", maxLength: 512 };
    t.properties.recipient = { type: "string", minLength: 1 };
    t.required = t.required.filter((r: string) => r !== "to" && r !== "recipient_type"); // 3, 7
    t.anyOf = [{ required: ["to"] }, { required: ["recipient"] }];
  }
  // 5
  for (const t of Object.values(s)) {
    if (!Array.isArray(t.allOf)) continue;
    const names = new Set<string>();
    for (const m of t.allOf) for (const k of Object.keys(resolve(s, m).properties ?? {})) names.add(k);
    for (const m of t.allOf) {
      if (m.additionalProperties !== false) continue;
      for (const k of names) m.properties[k] ??= {};
    }
  }
  // 6
  for (const [name, t] of Object.entries({ ...s })) {
    if (!t.discriminator || t.oneOf) continue;
    const { propertyName, mapping } = t.discriminator as { propertyName: string; mapping: Record<string, string> };
    const base = { ...t };
    delete base.discriminator;
    s[`${name}__base`] = base;
    for (const target of Object.values(mapping)) retarget(s[target.slice(PREFIX.length)], name);
    s[name] = {
      allOf: [
        { $ref: `${PREFIX}${name}__base` },
        ...Object.entries(mapping).map(([value, target]) => ({
          if: { properties: { [propertyName]: { const: value } }, required: [propertyName] },
          then: { $ref: target },
        })),
      ],
    };
  }
  return s;
}

function resolve(s: Record<string, Schema>, m: Schema): Schema {
  return typeof m.$ref === "string" ? s[m.$ref.slice(PREFIX.length)]! : m;
}

/** Inside a mapped schema, its reference back to the discriminating schema must go to the plain base. */
function retarget(node: unknown, from: string) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) return node.forEach((n) => retarget(n, from));
  const o = node as Schema;
  if (o.$ref === `${PREFIX}${from}`) o.$ref = `${PREFIX}${from}__base`;
  for (const v of Object.values(o)) retarget(v, from);
}

let validators: { byType: Map<string, ValidateFunction>; marketing: ValidateFunction } | null = null;

function compile() {
  const schemas = patched();
  // OpenAPI adds keywords JSON Schema does not know (example, discriminator on oneOf, nullable): not strict.
  // Formats ("url", "int32"…) are OpenAPI vocabulary, partly non-standard; the simulator checks phone and link shapes itself.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: "meta", components: { schemas } });
  const ref = (name: string) => ajv.compile({ $ref: `meta${PREFIX}${name}` });
  const mapping = schemas.Message!.discriminator.mapping as Record<string, string>;
  const byType = new Map(Object.entries(mapping).map(([type, target]) => [type, ref(target.slice(PREFIX.length))]));
  return { byType, marketing: ref("MarketingMessageRequestPayload") };
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === "if" || e.keyword === "anyOf" || e.keyword === "allOf") continue;
    const at = e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(body)";
    const extra =
      e.keyword === "additionalProperties"
        ? ` ${(e.params as { additionalProperty: string }).additionalProperty}`
        : e.keyword === "enum"
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
          : "";
    seen.add(`Param ${at} ${e.message}${extra}`);
  }
  return [...seen].slice(0, 5).join("; ");
}

/** null when the body fits Meta's published shape for this edge; else what is wrong, in Meta's "Param …" wording. */
export function sendBodyProblems(edge: string, body: unknown): string | null {
  validators ??= compile();
  let validate: ValidateFunction | undefined;
  if (edge === "marketing_messages") validate = validators.marketing;
  else {
    const type = (body as { type?: unknown } | null)?.type ?? "text";
    validate = validators.byType.get(String(type));
    if (!validate) return `Param type must be one of ${[...validators.byType.keys()].join(", ")}`;
  }
  // The spec's `type` has a default of "text" in Meta's docs; the schemas require it, so fill it like Meta does.
  const subject = body && typeof body === "object" && !("type" in body) ? { ...(body as object), type: "text" } : body;
  return validate(subject) ? null : describe(validate.errors);
}
