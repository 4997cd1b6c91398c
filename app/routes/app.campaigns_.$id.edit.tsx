// /app/campaigns/:id/edit — change a draft or scheduled campaign, see its send plan, schedule it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { CampaignEditor } from "../components/campaigns/CampaignEditor";
import { RouteError } from "../components/RouteError";
import { formContext, valuesOf } from "../campaigns/editor.server";
import { EDITABLE, getCampaign, saveCampaign } from "../campaigns/manage.server";
import { recentTestSends } from "../campaigns/test-send.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = idParam(params.id, "Campaign");
  const campaign = Number.isSafeInteger(id) ? await getCampaign(shop.id, id) : null;
  if (!campaign) throw new Response("Campaign not found", { status: 404 });
  if (!EDITABLE.includes(campaign.status)) throw redirect(`/app/campaigns/${id}`);
  return {
    ...(await formContext(shop)),
    campaign: { id: campaign.id, status: campaign.status },
    values: valuesOf(campaign, shop.ianaTimezone),
    testSends: await recentTestSends(shop.id, campaign.id),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = idParam(params.id, "Campaign");
  const form = Object.fromEntries(await request.formData());
  const intent = form.intent === "schedule" ? "schedule" : "draft";
  const result = await saveCampaign({
    shopId: shop.id,
    campaignId: id,
    input: { ...form, when: intent === "draft" ? "draft" : form.when },
  });
  if (!result.ok) return json(result, { status: 400 });
  if (intent === "schedule") return redirect(`/app/campaigns/${id}${result.warning ? "?queue=delayed" : ""}`);
  return { ok: true as const };
};

export default function EditCampaign() {
  const { campaign, values, testSends, ...ctx } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <CampaignEditor
      campaignId={campaign.id}
      status={campaign.status}
      initial={values}
      errors={result && !result.ok ? result.errors : {}}
      saved={Boolean(result?.ok) || params.get("saved") === "1"}
      testSends={testSends}
      {...ctx}
    />
  );
}

export function ErrorBoundary() {
  return <RouteError title="Edit campaign" />;
}
