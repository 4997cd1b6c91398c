// The admin pages a merchant visits, for the vitals measurements and the screenshots (ids looked up in the shop).
import { pool } from "../../app/db.server";

export async function adminPages(shopId: number): Promise<Array<{ name: string; path: string }>> {
  const one = async (sql: string) => (await pool().query<{ id: string }>(sql, [shopId])).rows[0]?.id ?? null;
  const segment = await one(
    `SELECT id::text FROM segments WHERE shop_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1`,
  );
  const campaign = await one(`SELECT id::text FROM campaigns WHERE shop_id = $1 ORDER BY id LIMIT 1`);
  const template = await one(`SELECT id::text FROM whatsapp_templates WHERE shop_id = $1 ORDER BY id LIMIT 1`);
  const order = await one(
    `SELECT order_id::text AS id FROM attributions WHERE shop_id = $1 ORDER BY order_at DESC LIMIT 1`,
  );
  const pages = [
    { name: "dashboard", path: "/app" },
    { name: "segments", path: "/app/segments" },
    { name: "segment-new", path: "/app/segments/new" },
    { name: "campaigns", path: "/app/campaigns" },
    { name: "templates", path: "/app/templates" },
    { name: "contacts", path: "/app/contacts" },
    { name: "orders", path: "/app/orders" },
    { name: "settings", path: "/app/settings" },
    { name: "prices", path: "/app/settings/prices" },
    { name: "access-log", path: "/app/settings/access-log" },
    { name: "not-found", path: "/app/no-such-page" },
  ];
  if (segment) pages.push({ name: "segment", path: `/app/segments/${segment}` });
  if (campaign) pages.push({ name: "campaign", path: `/app/campaigns/${campaign}` });
  if (campaign) pages.push({ name: "report", path: `/app/campaigns/${campaign}/report` });
  if (template) pages.push({ name: "template", path: `/app/templates/${template}` });
  if (order) pages.push({ name: "order", path: `/app/orders/${order}` });
  return pages;
}
