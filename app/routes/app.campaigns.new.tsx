// /app/campaigns/new — the campaign form; saving creates a draft and opens its edit page with the send plan.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireShop } from "../auth.server";
import { CampaignEditor } from "../components/campaigns/CampaignEditor";
import { defaultValues } from "../components/campaigns/CampaignForm";
import { RouteError } from "../components/RouteError";
import { formContext } from "../campaigns/editor.server";
import { saveCampaign } from "../campaigns/manage.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return formContext(shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
  const result = await saveCampaign({ shopId: shop.id, input: { ...form, when: "draft" } });
  if (!result.ok) return json(result, { status: 400 });
  return redirect(`/app/campaigns/${result.campaignId}/edit?saved=1`);
};

export default function NewCampaign() {
  const ctx = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <CampaignEditor
      campaignId={null}
      status="draft"
      initial={defaultValues()}
      errors={result?.errors ?? {}}
      saved={false}
      {...ctx}
    />
  );
}

export function ErrorBoundary() {
  return <RouteError title="New campaign" />;
}
