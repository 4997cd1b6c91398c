process.env.SHOPIFY_API_KEY ??= "x"; process.env.SHOPIFY_API_SECRET ??= "y";
const { pool, closeDb } = await import("../../app/db.server");
const { getCampaignReport } = await import("../../app/attribution/report.server");
const shopId = 3;
await pool().query("VACUUM ANALYZE attributions");
const big = (await pool().query(`SELECT campaign_id FROM recipients WHERE shop_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [shopId])).rows[0].campaign_id;
for (let i = 0; i < 6; i++) { const t = performance.now(); await getCampaignReport({ shopId, campaignId: big }); console.log((performance.now() - t).toFixed(0), "ms"); }
await closeDb();
