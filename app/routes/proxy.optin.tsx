// The storefront WhatsApp opt-in widget posts here through the app proxy
// (https://{shop}/apps/whatsapp/optin → {app}/proxy/optin, shopify.app.toml [app_proxy]).
// Shopify's `signature` is verified first (authenticate.public.appProxy: HMAC of the sorted query, 90 s
// timestamp window); only then is logged_in_customer_id trusted. Answers JSON the widget shows:
// 200 {ok, message} or 400 {error} with a message written for the customer.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { OptInInputError, recordStorefrontOptIn } from "../consent/storefront.server";

async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    try {
      return await request.json();
    } catch {
      throw new OptInInputError("Something went wrong sending the form. Please try again.");
    }
  }
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    return Object.fromEntries(await request.formData());
  }
  throw new OptInInputError("Something went wrong sending the form. Please try again.");
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { authenticate } = await import("../shopify.server");
  try {
    await authenticate.public.appProxy(request);
  } catch (err) {
    if (err instanceof Response)
      return Response.json(
        { error: "This request could not be verified. Reload the page and try again." },
        { status: 401 },
      );
    throw err;
  }
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  const customer = url.searchParams.get("logged_in_customer_id") || null;
  try {
    const body = await readBody(request);
    const result = await recordStorefrontOptIn({ shopDomain: shop, loggedInCustomerId: customer, body });
    return Response.json({
      ok: true,
      state: result.state,
      message:
        result.state === "opted_in"
          ? "You're subscribed to WhatsApp updates."
          : "You're already subscribed to WhatsApp updates.",
    });
  } catch (err) {
    if (err instanceof OptInInputError) return Response.json({ error: err.message }, { status: 400 });
    throw err;
  }
};

export const loader = (_args: LoaderFunctionArgs) => Response.json({ error: "POST the opt-in form" }, { status: 405 });
