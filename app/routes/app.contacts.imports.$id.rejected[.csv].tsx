// /app/contacts/imports/:id/rejected.csv — the rejected rows of a consent CSV import, as a CSV to fix and re-import.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { importErrors } from "../consent/csv-import.server";

function cell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const report = await importErrors(shop.id, Number(params.id));
  if (!report) throw new Response("Import not found", { status: 404 });
  const lines = ["line,phone,problem", ...report.errors.map((e) => [e.row, e.phone, e.error].map(cell).join(","))];
  return new Response(lines.join("\n") + "\n", {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rejected-${report.fileName.replace(/[^\w.-]/g, "_")}"`,
    },
  });
};
