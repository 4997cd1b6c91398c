// Every GraphQL document the app sends (app/shopify/operations.ts) validates against Shopify's real Admin schema
// for the pinned version with 0 errors and 0 deprecated fields; bulk inner queries also pass the simulator's bulk
// rules. A document written anywhere else in app/ would escape this test, so that is checked too.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NoDeprecatedCustomRule, parse, specifiedRules, validate } from "graphql";
import { APP_OPERATIONS } from "../../app/shopify/operations";
import { SHOPIFY_API_VERSION } from "../../app/shopify/api-version";
import { adminSchema, availableAdminVersions } from "../simulators/shopify/schema";
import { compileBulkQuery } from "../simulators/shopify/bulk";

const schema = adminSchema(SHOPIFY_API_VERSION);

describe("the app's Admin GraphQL documents", () => {
  it("are all listed (no GraphQL document elsewhere in app/)", () => {
    const root = path.resolve(__dirname, "../../app");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (
          /\.(ts|tsx)$/.test(name) &&
          !file.endsWith("shopify/operations.ts") &&
          !file.endsWith("ingest/bulk-queries.ts")
        ) {
          const text = readFileSync(file, "utf8");
          if (/#graphql|`\s*(query|mutation)\s+[A-Z]\w*\s*[({]/.test(text)) offenders.push(path.relative(root, file));
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
    expect(APP_OPERATIONS.length).toBeGreaterThanOrEqual(7);
  });

  for (const op of APP_OPERATIONS) {
    it(`${op.name} is valid against ${SHOPIFY_API_VERSION} with no deprecated field`, () => {
      const errors = validate(schema, parse(op.document), [...specifiedRules, NoDeprecatedCustomRule]);
      expect(errors.map((e) => e.message)).toEqual([]);
      if (op.bulk) expect(compileBulkQuery(op.document, schema)).toHaveProperty("plan");
    });
  }

  it("the deprecation check is live: the fields we replaced are reported", () => {
    const old = `{ customers(first: 1) { nodes { email defaultPhoneNumber { marketingState } } } shop { billingAddress { countryCodeV2 } } currentBulkOperation { id } }`;
    const messages = validate(schema, parse(old), [NoDeprecatedCustomRule]).map((e) => e.message);
    expect(messages).toHaveLength(4);
    expect(messages.join("\n")).toMatch(/Customer\.email is deprecated/);
    expect(messages.join("\n")).toMatch(/Shop\.billingAddress is deprecated/);
  });

  it("the pinned version is the newest stable one the schema package ships", () => {
    const stable = availableAdminVersions().filter((v) => v !== "unstable");
    expect(stable.at(-1)).toBe(SHOPIFY_API_VERSION);
  });
});
