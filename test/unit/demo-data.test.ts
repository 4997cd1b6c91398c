// Believable demo data (issue 15): a product's type follows what it is ("Heritage Decaf Blend" is coffee beans,
// never a mug), and every theme names a type for each of its nouns.
import { describe, expect, it } from "vitest";
import { THEMES } from "../../prisma/seed/catalog";
import { generateStore } from "../../prisma/seed/generator";
import { DEMO_CAMPAIGN_TEMPLATES } from "../../prisma/seed/demo-templates";

describe("demo catalogue", () => {
  it("types every product by its noun", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const products = [...generateStore({ orders: 3000, seed: 42, now })].flatMap((r) =>
      r.type === "product" ? [r.row] : [],
    );
    const decaf = products.filter((p) => / Decaf Blend( No\. \d+)?$/.test(p.title));
    expect(decaf.length).toBeGreaterThan(0);
    for (const p of decaf) expect(p.productType, p.title).toBe("Coffee Beans");
    for (const p of products.filter((x) => / (Ceramic Mug|Travel Tumbler)( No\. \d+)?$/.test(x.title)))
      expect(p.productType, p.title).toBe("Mugs");
    for (const t of THEMES) {
      expect(t.nounTypes).toHaveLength(t.nouns.length);
      for (const i of t.nounTypes) expect(t.productTypes[i], t.name).toBeDefined();
    }
  });

  it("ships a template with a body for every seeded campaign", () => {
    const names = DEMO_CAMPAIGN_TEMPLATES.map((t) => t.name);
    expect(names).toEqual(["summer_sale", "win_back", "new_arrivals", "flash_sale", "restock_alert"]);
    for (const t of DEMO_CAMPAIGN_TEMPLATES)
      expect(t.components.some((c) => (c as { type: string }).type === "BODY")).toBe(true);
  });
});
