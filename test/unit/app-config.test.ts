// shopify.app.toml must subscribe to exactly the topics the intake accepts, with the pinned API version.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOPIFY_TOPICS } from "../../app/inbox/shopify-topics";

const toml = readFileSync(path.resolve(__dirname, "../../shopify.app.toml"), "utf8");

describe("shopify.app.toml", () => {
  it("declares every topic the webhook route accepts, and no other", () => {
    const declared = [...toml.matchAll(/^\s*(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/gm)].flatMap((m) =>
      m[1]!
        .split(",")
        .map((t) => t.trim().replace(/"/g, ""))
        .filter(Boolean),
    );
    expect([...declared].sort()).toEqual([...SHOPIFY_TOPICS].sort());
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
