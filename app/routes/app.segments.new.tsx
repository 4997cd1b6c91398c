// /app/segments/new — choose a kind, then build it: ?kind=cross_sell, ?from=<id> (duplicate), or a cross-sell
// prefilled from a suggestion (?kind=cross_sell&a=product:1&b=product:2).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { KindPicker } from "../components/segments/KindPicker";
import { SegmentBuilder } from "../components/segments/SegmentBuilder";
import { defaultForm, defaultName, uniqueName } from "../segments/builder-form";
import { builderContext, crossSellFromLink, savedForm } from "../segments/builder.server";
import { isSegmentKind } from "../segments/definitions";
import { saveSegment, type SaveResult } from "../segments/manage.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireShop(request);
  const url = new URL(request.url);
  const context = await builderContext(shop);
  // Default names are free among the shop's segments, so the first save does not fail on a taken name.
  const taken = context.segments.map((s) => s.name);
  const from = Number(url.searchParams.get("from"));
  if (Number.isSafeInteger(from) && from > 0) {
    const source = await savedForm(shop, from);
    if (source)
      return {
        context,
        embedded: !demo,
        kind: source.kind,
        name: uniqueName(`Copy of ${source.name}`, taken),
        form: source.form,
      };
  }
  const kind = url.searchParams.get("kind");
  if (!isSegmentKind(kind)) return { context, embedded: !demo, kind: null, name: "", form: null };
  const form = (kind === "cross_sell" ? await crossSellFromLink(shop.id, url) : null) ?? defaultForm(kind);
  return { context, embedded: !demo, kind, name: defaultName(kind, taken), form };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const kind = new URL(request.url).searchParams.get("kind") ?? undefined;
  let body: { name?: unknown; form?: unknown; allBands?: unknown; kind?: unknown };
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
  const result = await saveSegment({
    shopId: shop.id,
    name: body.name,
    kind: body.kind ?? kind,
    form: body.form,
    allBands: body.allBands === true,
  });
  if (!result.ok) return json(result, { status: result.status });
  return redirect(
    result.ids.length === 1 ? `/app/segments/${result.ids[0]}` : `/app/segments?created=${result.ids.join(",")}`,
  );
};

export default function NewSegment() {
  const data = useLoaderData<typeof loader>();
  if (!data.kind || !data.form) {
    return (
      <Page
        title="New segment"
        subtitle="What kind of customers do you want to reach?"
        backAction={{ content: "Segments", url: "/app/segments" }}
      >
        <KindPicker />
      </Page>
    );
  }
  return (
    <SegmentBuilder
      key={data.kind}
      mode="create"
      kind={data.kind}
      initialName={data.name}
      initialForm={data.form}
      currency={data.context.currency}
      segments={data.context.segments}
      embedded={data.embedded}
    />
  );
}
