process.env.SHOPIFY_API_KEY ??= "x"; process.env.SHOPIFY_API_SECRET ??= "y";
const { pool, closeDb } = await import("../../app/db.server");
if (process.argv[3] === "nojit") pool().on("connect", (c) => void c.query("SET jit = off; SET work_mem = '64MB'"));
const shopId = 3;
const big = (await pool().query(`SELECT campaign_id FROM recipients WHERE shop_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [shopId])).rows[0].campaign_id;
const src = await import("node:fs").then((fs) => fs.readFileSync("app/attribution/report.server.ts", "utf8"));
const grab = (name: string) => { const m = new RegExp(`const ${name} = \`([\\s\\S]*?)\`;`).exec(src)!; return m[1]!.replace("${OPT_OUT_BLAME_DAYS}", "7"); };
for (const name of ["RECIPIENT_COUNTS_SQL", "ORDERS_SQL", "OPT_OUTS_SQL", "LIFT_SQL"]) {
  const sql = grab(name);
  const params = name === "LIFT_SQL" ? [shopId, big, 120] : [shopId, big];
  const t = performance.now();
  const r = await pool().query("EXPLAIN (ANALYZE, TIMING off) " + sql, params);
  console.log(`${name}: ${(performance.now() - t).toFixed(0)} ms`);
  if (process.argv[2] === name) console.log(r.rows.map((x: any) => x["QUERY PLAN"]).join("\n"));
}
await closeDb();
