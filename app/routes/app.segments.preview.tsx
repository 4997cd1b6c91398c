// POST /app/segments/preview — the builder's live preview: size and a sample of matching customers with why they
// match, for the form as it stands. Invalid input → 400 with field errors; nothing is ever written.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { previewForm, type FormPreview } from "../segments/preview.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  let body: { kind?: unknown; form?: unknown; segmentId?: unknown; allBands?: unknown };
  try {
    body = await request.json();
  } catch {
    const unreadable: FormPreview = { ok: false, fieldErrors: { form: "The preview request was not valid JSON" } };
    return json(unreadable, { status: 400 });
  }
  const segmentId = typeof body.segmentId === "number" && Number.isInteger(body.segmentId) ? body.segmentId : undefined;
  const result = await previewForm({
    shopId: shop.id,
    kind: body.kind,
    form: body.form,
    segmentId,
    allBands: body.allBands === true,
  });
  return json(result, { status: result.ok ? 200 : 400 });
};
