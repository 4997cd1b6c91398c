// X-Hub-Signature-256 vectors: computed independently with node:crypto over the raw bytes. A body that was
// parsed and re-serialised (Meta escapes non-ASCII as \uXXXX; JSON.stringify does not) must not verify.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyMetaSignature } from "../../app/whatsapp/signature.server";
import { metaJson } from "../simulators/whatsapp/index";

const SECRET = "test-meta-app-secret";
const sign = (raw: Buffer | string, secret = SECRET) =>
  "sha256=" + createHmac("sha256", secret).update(raw).digest("hex");

const payload = {
  object: "whatsapp_business_account",
  entry: [{ id: "1", changes: [{ field: "messages", value: { messages: [{ text: { body: "Olá, pára! 👋" } }] } }] }],
};
const raw = Buffer.from(metaJson(payload), "utf8");

describe("Meta webhook signature", () => {
  it("verifies the raw bytes as Meta sent them (non-ASCII escaped)", () => {
    expect(raw.toString()).toContain("\\u00e1");
    expect(verifyMetaSignature(raw, sign(raw), SECRET)).toBe(true);
    expect(verifyMetaSignature(raw, sign(raw).toUpperCase().replace("SHA256=", "sha256="), SECRET)).toBe(true);
  });

  it("matches a published HMAC-SHA256 vector (same scheme as GitHub's X-Hub-Signature-256 docs)", () => {
    const body = Buffer.from("Hello, World!");
    const header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(verifyMetaSignature(body, header, "It's a Secret to Everybody")).toBe(true);
    expect(verifyMetaSignature(body, header, "It's a secret to everybody")).toBe(false);
  });

  it("refuses a re-serialised body, a wrong secret, a missing prefix and garbage", () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())), "utf8");
    expect(reserialised.equals(raw)).toBe(false);
    expect(verifyMetaSignature(reserialised, sign(raw), SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, sign(raw, "other-secret"), SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, sign(raw).slice(7), SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, "sha256=zz", SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, null, SECRET)).toBe(false);
  });
});
