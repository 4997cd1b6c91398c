// A segment's members on its page and in its export: keyset pages cover every member exactly once in both
// directions, search narrows them, the CSV streams in batches (never the whole segment at once) with every member
// once, spreadsheet formulas neutralized, and download links that cannot be forged or reused after they expire.
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "../../app/db.server";
import {
  csvField,
  EXPORT_BATCH,
  EXPORT_LINK_TTL_MS,
  exportMembersCsv,
  listMembers,
  signExportLink,
  verifyExportLink,
} from "../../app/segments/members.server";
import { explainMembers } from "../../app/segments/preview.server";
import { refreshSegment } from "../../app/segments/refresh.server";
import { createTestShop } from "../setup/shops";

// More than two export batches, and not a multiple of the page size.
const MEMBERS = EXPORT_BATCH * 2 + 345;
const BASE = 7_900_000_000_000_000_000n;

describe("segment members", () => {
  let shopId: number;
  let segmentId: number;
  let ids: string[];

  beforeAll(async () => {
    shopId = (await createTestShop({ prefix: "segmembers" })).id;
    // Customers straight in SQL: this test is about paging and export, not about how they became members.
    await pool().query(
      `INSERT INTO customers (shop_id, id, first_name, last_name, email, country_code, orders_count, net_spent_minor, updated_at)
       SELECT $1, $2::bigint + g, 'Customer', 'N' || g, 'c' || g || '@example.com', CASE WHEN g % 3 = 0 THEN 'FR' ELSE 'DE' END, 1, 1234, now()
       FROM generate_series(1, $3) g`,
      [shopId, BASE.toString(), MEMBERS + 50],
    );
    // One name that a spreadsheet would run as a formula, with quotes and a comma.
    await pool().query(
      `UPDATE customers SET first_name = '=HYPERLINK("http://evil")', last_name = 'O"Brien, Jr' WHERE shop_id = $1 AND id = $2`,
      [shopId, (BASE + 77n).toString()],
    );
    // Everyone but customers 1..50 matches: DE or FR (all), minus the first 50 deleted.
    await pool().query(`UPDATE customers SET deleted_at = now() WHERE shop_id = $1 AND id <= $2`, [
      shopId,
      (BASE + 50n).toString(),
    ]);
    segmentId = (
      await pool().query<{ id: number }>(
        `INSERT INTO segments (shop_id, name, kind, params, updated_at) VALUES ($1, 'Europe', 'location', '{"countryCodes":["DE","FR"]}', now()) RETURNING id`,
        [shopId],
      )
    ).rows[0]!.id;
    const result = await refreshSegment({ shopId, segmentId });
    expect(result.count).toBe(MEMBERS);
    ids = (
      await pool().query<{ id: string }>(
        `SELECT customer_id::text AS id FROM segment_members WHERE segment_id = $1 ORDER BY customer_id`,
        [segmentId],
      )
    ).rows.map((r) => r.id);
  }, 120_000);

  it("keyset pages cover every member once, forwards and backwards", async () => {
    const seen: string[] = [];
    const cursors: (string | null)[] = [];
    let after: string | null = null;
    for (let i = 0; ; i++) {
      const page = await listMembers({ shopId, segmentId, after, limit: 200 });
      seen.push(...page.rows.map((r) => r.customerId));
      expect(page.previous === null).toBe(i === 0);
      cursors.push(after);
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(ids);
    // Back from the last page: the same pages in reverse.
    const last = await listMembers({ shopId, segmentId, after, limit: 200 });
    const previous = await listMembers({ shopId, segmentId, before: last.previous, limit: 200 });
    const expected = await listMembers({ shopId, segmentId, after: cursors[cursors.length - 2] ?? null, limit: 200 });
    expect(previous.rows.map((r) => r.customerId)).toEqual(expected.rows.map((r) => r.customerId));
    expect(previous.next).toBe(expected.next);
    // Every row says why the customer matches, with the customer's details.
    expect(last.rows[0]).toMatchObject({
      why: expect.stringMatching(/^lives in (DE|FR)$/),
      ordersCount: 1,
      netSpentMinor: "1234",
    });
  });

  it("search by email, name or id", async () => {
    const byEmail = await listMembers({ shopId, segmentId, query: "c1234@example.com" });
    expect(byEmail.rows.map((r) => r.customerId)).toEqual([(BASE + 1234n).toString()]);
    expect(byEmail.next).toBeNull();
    const byId = await listMembers({ shopId, segmentId, query: (BASE + 999n).toString() });
    expect(byId.rows.map((r) => r.name)).toEqual(["Customer N999"]);
    // A deleted customer is not a member, whatever the search says.
    expect((await listMembers({ shopId, segmentId, query: "c7@example.com" })).rows).toEqual([]);
    // % and _ are literal.
    expect((await listMembers({ shopId, segmentId, query: "%" })).rows).toEqual([]);
  });

  it("streams the CSV in batches: every member once, formulas neutralized, quotes escaped", async () => {
    const reader = exportMembersCsv({ shopId, segmentId, currency: "EUR", exponent: 2 }).getReader();
    const decoder = new TextDecoder();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(decoder.decode(value));
    }
    // Header, then one chunk per batch of rows.
    expect(chunks.length).toBe(1 + Math.ceil(MEMBERS / EXPORT_BATCH));
    const lines = chunks.join("").trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "customer_id,first_name,last_name,email,phone,country,province,city,orders,net_spent,currency,last_order_at,member_since",
    );
    expect(lines).toHaveLength(MEMBERS + 1);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(ids);
    const row = lines.find((l) => l.startsWith(`${BASE + 77n},`))!;
    expect(row).toContain(`,"'=HYPERLINK(""http://evil"")","O""Brien, Jr",c77@example.com,,DE,,,1,12.34,EUR,,`);
  });

  it("csvField: quotes, newlines and formula prefixes", () => {
    expect(csvField(null)).toBe("");
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvField("+447700900123")).toBe("+447700900123"); // E.164 exported as is (issue 15 B3)
    expect(csvField("+44 7700 900123")).toBe("'+44 7700 900123");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-5)).toBe("-5");
  });

  it("download links: only for the shop and segment they were signed for, and only for a few minutes", () => {
    const now = Date.now();
    const url = (query: string, id = segmentId) => new URL(`https://segwa.test/app/segments/${id}/export?${query}`);
    const link = signExportLink(shopId, segmentId, now);
    expect(verifyExportLink(url(link), segmentId, now)).toBe(shopId);
    expect(verifyExportLink(url(link), segmentId + 1, now)).toBeNull();
    expect(
      verifyExportLink(url(link.replace(`shop_id=${shopId}`, `shop_id=${shopId + 1}`)), segmentId, now),
    ).toBeNull();
    expect(verifyExportLink(url(link.replace(/signature=[^&]+/, "signature=AAAA")), segmentId, now)).toBeNull();
    expect(verifyExportLink(url(link), segmentId, now + EXPORT_LINK_TTL_MS + 1)).toBeNull();
    expect(verifyExportLink(url("shop_id=1"), segmentId, now)).toBeNull();
  });

  it("explainMembers says why given customers are in a saved segment (for campaign recipients)", async () => {
    const why = await explainMembers({ shopId, segmentId, customerIds: [ids[0]!, ids[2]!, (BASE + 1n).toString()] });
    expect(why.get(ids[0]!)).toMatch(/^lives in (DE|FR)$/);
    expect(why.has(ids[2]!)).toBe(true);
    // Customer 1 is deleted: not a member, no explanation.
    expect(why.has((BASE + 1n).toString())).toBe(false);
  });
});
