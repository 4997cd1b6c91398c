// Attribution windows (Settings card): GET returns the windows and the latest re-attribution; POST saves new
// windows and queues the re-attribution of the shop's history.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";
import { requestReattribution, latestRun } from "../attribution/runs.server";
import { getAttributionWindows, saveAttributionWindows } from "../attribution/settings.server";
import { windowsSchema } from "../attribution/windows";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [windows, run] = await Promise.all([getAttributionWindows(shop.id), latestRun(shop.id)]);
  return { windows, run };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = await request.formData();
  const parsed = windowsSchema.safeParse({
    clickWindowHours: form.get("clickWindowHours"),
    viewWindowHours: form.get("viewWindowHours"),
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return json({ ok: false, errors }, { status: 400 });
  }
  const changed = await saveAttributionWindows(shop.id, parsed.data);
  const runId = changed ? await requestReattribution(shop.id, "windows_changed") : null;
  return { ok: true, changed, runId };
};
