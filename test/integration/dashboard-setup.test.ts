// The setup path (issue 15): the Dashboard's "can receive campaigns" is the Contacts page's figure (one function),
// and the checklist walks install → number → consent → a mapped approved template → a segment → a first campaign
// that reaches someone, each step with its state and link, gone once all are done. Through the real loaders.
import { describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import { consentOverview } from "../../app/consent/contacts.server";
import { consentStep } from "../../app/dashboard/setup";
import { setupChecklist } from "../../app/dashboard/setup.server";
import { createTestShop } from "../setup/shops";
import { adminRequest } from "../setup/admin-request";
import { addAccount, addCustomers, addSegment, customerId } from "../setup/campaigns";

type Loaded = { setup: Awaited<ReturnType<typeof setupChecklist>>; audience: { eligible: number; total: number } };

async function dashboard(shop: Awaited<ReturnType<typeof createTestShop>>): Promise<Loaded> {
  const { loader } = await import("../../app/routes/app._index");
  const res = (await loader({ request: await adminRequest(shop, "/app"), params: {}, context: {} })) as unknown as {
    data: { setup: Loaded["setup"]; audience: Promise<Loaded["audience"]> };
  };
  return { setup: res.data.setup, audience: await res.data.audience };
}

const state = (l: Loaded) =>
  Object.fromEntries(
    l.setup.steps.map((s) => s ?? consentStep(l.audience, l.setup.reached)).map((s) => [s.key, s.done]),
  );

describe("setup path", () => {
  it("counts who can receive a campaign as Contacts does, not who has a valid phone", async () => {
    const shop = await createTestShop({ prefix: "setup" });
    const seg = await addSegment(shop.id, "Everyone");
    await addCustomers(shop.id, [
      { id: customerId(), phone: "+447700900101", consent: "opted_in", segments: [seg] },
      { id: customerId(), phone: "+447700900102", consent: "none", segments: [seg] },
      { id: customerId(), phone: "+447700900103", consent: "opted_out", segments: [seg] },
    ]);
    const loaded = await dashboard(shop);
    const contacts = await consentOverview(shop.id);
    expect(loaded.audience.eligible).toBe(contacts.audience.eligible);
    expect(loaded.audience.eligible).toBe(1); // three valid phones, one with consent
  });

  it("each step turns done as the merchant does it, with a link to where; the checklist goes when all are done", async () => {
    const shop = await createTestShop({ prefix: "setup" });
    let l = await dashboard(shop);
    expect(state(l)).toEqual({ number: false, consent: false, template: false, segment: false, campaign: false });
    expect(l.setup.complete).toBe(false);
    const links = Object.fromEntries(
      l.setup.steps.map((s) => s ?? consentStep(l.audience, false)).map((s) => [s.key, s.action.url]),
    );
    expect(links).toEqual({
      number: "/app/settings/whatsapp",
      consent: "/app/settings/whatsapp",
      template: "/app/templates",
      segment: "/app/segments/new",
      campaign: "/app/campaigns/new",
    });

    await addAccount(shop.id);
    const seg = await addSegment(shop.id, "Regulars");
    const customer = customerId();
    await addCustomers(shop.id, [{ id: customer, phone: "+447700900201", consent: "opted_in", segments: [seg] }]);
    // An approved template whose variable has no value yet is not ready; mapped, it is.
    const t = await pool().query<{ id: number }>(
      `INSERT INTO whatsapp_templates (shop_id, external_id, name, language, category, status, components)
       VALUES ($1, '77001', 'hello', 'en_US', 'MARKETING', 'APPROVED', $2::jsonb) RETURNING id`,
      [shop.id, JSON.stringify([{ type: "BODY", text: "Hi {{1}}", example: { body_text: [["Ana"]] } }])],
    );
    l = await dashboard(shop);
    expect(state(l)).toEqual({ number: true, consent: true, template: false, segment: true, campaign: false });
    await pool().query(`UPDATE whatsapp_templates SET default_mapping = $2::jsonb WHERE id = $1`, [
      t.rows[0]!.id,
      JSON.stringify({
        version: 1,
        params: { "body.1": { kind: "field", field: "customer.first_name", fallback: "there" } },
      }),
    ]);
    const c = await pool().query<{ id: number }>(
      `INSERT INTO campaigns (shop_id, name, status, template_id, updated_at) VALUES ($1, 'First', 'draft', $2, now()) RETURNING id`,
      [shop.id, t.rows[0]!.id],
    );
    l = await dashboard(shop);
    expect(state(l)).toMatchObject({ template: true, campaign: false });
    expect(l.setup.steps.find((s) => s?.key === "campaign")!.action.url).toBe(`/app/campaigns/${c.rows[0]!.id}/edit`);

    await pool().query(
      `INSERT INTO recipients (shop_id, campaign_id, customer_id, phone_e164, "group", status, sent_at)
       VALUES ($1, $2, $3, '+447700900201', 'main', 'sent', now())`,
      [shop.id, c.rows[0]!.id, customer],
    );
    l = await dashboard(shop);
    expect(l.setup.complete).toBe(true);
  });
});
