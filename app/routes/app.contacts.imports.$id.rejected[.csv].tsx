// /app/contacts/imports/:id/rejected.csv — the rejected rows of a consent CSV import, as a CSV to fix and re-import.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { importErrors } from "../consent/csv-import.server";
import { csvLine } from "../lib/csv";
import { idParam } from "../lib/id-param";
import { recordAudit } from "../compliance/audit.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, user } = await requireShop(request);
  const importId = idParam(params.id, "Import");
  const report = await importErrors(shop.id, importId);
  if (!report) throw new Response("Import not found", { status: 404 });
  // The rejected rows carry phone numbers as typed: in the access log.
  await recordAudit({
    shopId: shop.id,
    actor: user,
    action: "consent_import.rejected_export",
    targetType: "consent_import",
    targetId: importId,
    rowCount: report.errors.length,
  });
  const lines = [
    csvLine(["line", "phone", "problem"]),
    ...report.errors.map((e) => csvLine([e.row, e.phone, e.error])),
  ];
  return new Response(lines.join(""), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rejected-${report.fileName.replace(/[^\w.-]/g, "_")}"`,
    },
  });
};
