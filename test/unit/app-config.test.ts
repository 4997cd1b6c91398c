// shopify.app.toml must subscribe to exactly the topics the intake accepts, with the pinned API version.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GraphQLEnumType } from "graphql";
import { describe, expect, it } from "vitest";
import { SHOPIFY_TOPICS } from "../../app/inbox/shopify-topics";
import { SHOPIFY_API_VERSION } from "../../app/shopify/api-version";
import { adminSchema } from "../simulators/shopify/schema";

const toml = readFileSync(path.resolve(__dirname, "../../shopify.app.toml"), "utf8");

function declaredTopics(key: "topics" | "compliance_topics"): string[] {
  return [...toml.matchAll(new RegExp(`^\\s*${key}\\s*=\\s*\\[([^\\]]*)\\]`, "gm"))].flatMap((m) =>
    m[1]!
      .split(",")
      .map((t) => t.trim().replace(/"/g, ""))
      .filter(Boolean),
  );
}

/**
 * The x/y topic of each WebhookSubscriptionTopic value, from Shopify's own description ("The webhook topic for
 * `customers_marketing_consent/update` events."), so CUSTOMERS_MARKETING_CONSENT_UPDATE ↔
 * customers_marketing_consent/update without guessing where the slash goes.
 */
function realTopics(version: string): Map<string, string> {
  const en = adminSchema(version).getType("WebhookSubscriptionTopic") as GraphQLEnumType;
  const out = new Map<string, string>();
  for (const v of en.getValues()) {
    const m = /webhook topic for `([a-z_]+\/[a-z_]+)`/.exec(v.description ?? "");
    if (m) out.set(m[1]!, v.name);
  }
  return out;
}

describe("shopify.app.toml", () => {
  it("declares every topic the webhook route accepts, and no other", () => {
    const declared = [...declaredTopics("topics"), ...declaredTopics("compliance_topics")];
    expect([...declared].sort()).toEqual([...SHOPIFY_TOPICS].sort());
  });

  it("subscribes only to topics that exist in the pinned Admin schema's WebhookSubscriptionTopic", () => {
    const real = realTopics(SHOPIFY_API_VERSION);
    expect(real.size).toBeGreaterThan(100); // the descriptions were read, not an empty enum
    expect(real.get("customers_marketing_consent/update")).toBe("CUSTOMERS_MARKETING_CONSENT_UPDATE");
    expect(real.get("customers_whats_app_marketing_consent/update")).toBe(
      "CUSTOMERS_WHATS_APP_MARKETING_CONSENT_UPDATE",
    );
    const unknown = declaredTopics("topics").filter((t) => !real.has(t));
    expect(unknown).toEqual([]);
    // compliance topics are not subscription topics in the enum; they are fixed by Shopify
    expect(declaredTopics("compliance_topics").sort()).toEqual([
      "customers/data_request",
      "customers/redact",
      "shop/redact",
    ]);
  });

  it("has no build key Shopify CLI calls obsolete", () => {
    expect(toml).not.toMatch(/include_config_on_deploy/);
  });

  it("pins the same API version as the app", async () => {
    const { SHOPIFY_API_VERSION } = await import("../../app/shopify.server");
    expect(toml).toMatch(new RegExp(`api_version = "${SHOPIFY_API_VERSION}"`));
  });

  it("asks for the scopes the app uses and no write scope it does not need", () => {
    const scopes = /^scopes = "([^"]+)"/m.exec(toml)![1]!.split(",");
    expect(scopes.sort()).toEqual([
      "read_all_orders",
      "read_customers",
      "read_orders",
      "read_products",
      "write_app_proxy",
      "write_customers",
    ]);
  });
});
