// /app/contacts/imports/:id/rejected.csv — the rejected rows of a consent CSV import, as a CSV to fix and re-import.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { importErrors } from "../consent/csv-import.server";
import { csvLine } from "../lib/csv";
import { idParam } from "../lib/id-param";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const report = await importErrors(shop.id, idParam(params.id, "Import"));
  if (!report) throw new Response("Import not found", { status: 404 });
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
