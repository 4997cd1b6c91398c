// /app/segments/:id/edit — the builder on a saved segment. Saving new parameters refreshes the segment (and the
// samples and combinations built on it) in the background.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireShop } from "../auth.server";
import { SegmentBuilder } from "../components/segments/SegmentBuilder";
import { builderContext, savedForm } from "../segments/builder.server";
import { saveSegment, type SaveResult } from "../segments/manage.server";

function segmentIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Segment not found", { status: 404 });
  return id;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireShop(request);
  const id = segmentIdOf(params.id);
  const saved = await savedForm(shop, id);
  if (!saved) throw new Response("Segment not found", { status: 404 });
  return { saved, context: await builderContext(shop, id), embedded: !demo };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = segmentIdOf(params.id);
  let body: { name?: unknown; form?: unknown };
  try {
    body = await request.json();
  } catch {
    const unreadable: SaveResult = {
      ok: false,
      status: 400,
      fieldErrors: { form: "The form could not be read: reload the page and try again" },
    };
    return json(unreadable, { status: 400 });
  }
  const result = await saveSegment({ shopId: shop.id, segmentId: id, name: body.name, form: body.form });
  if (!result.ok) return json(result, { status: result.status });
  return redirect(`/app/segments/${id}`);
};

export default function EditSegment() {
  const { saved, context, embedded } = useLoaderData<typeof loader>();
  return (
    <SegmentBuilder
      mode="edit"
      segmentId={saved.id}
      kind={saved.kind}
      initialName={saved.name}
      initialForm={saved.form}
      currency={context.currency}
      segments={context.segments}
      embedded={embedded}
    />
  );
}
