// GET /app/segments/:id/export — every member as CSV, streamed (works for segments of millions). Accepts a normal
// authenticated request or a short-lived link signed for this shop and segment (downloads from inside Shopify admin
// cannot carry the session token header).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { pool } from "../db.server";
import { exportLinkActor, exportMembersCsv, verifyExportLink } from "../segments/members.server";
import { auditedCsvStream } from "../compliance/audit.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const segmentId = idParam(params.id, "Segment");
  if (!Number.isSafeInteger(segmentId) || segmentId <= 0) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const signedShop = url.searchParams.has("signature") ? verifyExportLink(url, segmentId) : null;
  if (url.searchParams.has("signature") && signedShop === null) {
    return new Response("This download link has expired. Open the segment again and use Export.", { status: 403 });
  }
  const { shopId, actor } =
    signedShop !== null
      ? { shopId: signedShop, actor: exportLinkActor(url) }
      : await requireShop(request).then((ctx) => ({ shopId: ctx.shop.id, actor: ctx.user }));
  const { rows } = await pool().query<{ name: string; currency: string; currency_exponent: number }>(
    `SELECT s.name, sh.currency, sh.currency_exponent FROM segments s JOIN shops sh ON sh.id = s.shop_id
     WHERE s.id = $1 AND s.shop_id = $2 AND s.deleted_at IS NULL`,
    [segmentId, shopId],
  );
  const segment = rows[0];
  if (!segment) return new Response("Not found", { status: 404 });
  const slug =
    segment.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "segment";
  const day = new Date().toISOString().slice(0, 10);
  const body = await auditedCsvStream(
    exportMembersCsv({
      shopId,
      segmentId,
      currency: segment.currency.trim(),
      exponent: segment.currency_exponent,
      query: url.searchParams.get("q") ?? undefined,
    }),
    { shopId, actor, action: "segment.export", targetType: "segment", targetId: segmentId },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-members-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
