// The storefront WhatsApp opt-in widget posts here through the app proxy
// (https://{shop}/apps/whatsapp/optin → {app}/proxy/optin, shopify.app.toml [app_proxy]).
// Shopify's `signature` is verified first (authenticate.public.appProxy: HMAC of the sorted query, 90 s
// timestamp window); only then is logged_in_customer_id trusted. Answers JSON the widget shows:
// 200 {ok, message} or 400 {error} with a message written for the customer.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { OptInInputError, OptInRateLimited, recordStorefrontOptIn } from "../consent/storefront.server";
import { APP_PROXY_MAX_BYTES, BodyTooLarge, readBodyLimited } from "../lib/body-limit";

async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  let bytes: Buffer;
  try {
    bytes = await readBodyLimited(request, APP_PROXY_MAX_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) throw new OptInInputError("The form is too large.");
    throw err;
  }
  if (type.includes("application/json")) {
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new OptInInputError("Something went wrong sending the form. Please try again.");
    }
  }
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const copy = new Request(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(bytes) });
    return Object.fromEntries(await copy.formData());
  }
  throw new OptInInputError("Something went wrong sending the form. Please try again.");
}

/** Parameters Shopify adds to a proxied request and we act on; a repeated one could smuggle a second value. */
const TRUSTED_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"];

export const action = async ({ request }: ActionFunctionArgs) => {
  const query = new URL(request.url).searchParams;
  const repeated = TRUSTED_PARAMS.find((name) => query.getAll(name).length > 1);
  if (repeated)
    return Response.json(
      { error: "This request could not be verified. Reload the page and try again." },
      { status: 400, headers: { "X-Refused": `repeated ${repeated}` } },
    );
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
    // Shopify's proxy forwards the visitor's address first in X-Forwarded-For (rate limit per IP).
    const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
    const result = await recordStorefrontOptIn({ shopDomain: shop, loggedInCustomerId: customer, body, ip });
    if (result.state === "confirm_on_whatsapp")
      return Response.json({
        ok: true,
        state: result.state,
        link: result.link,
        text: result.text,
        message: "One more step: send us the code on WhatsApp to confirm it's your number.",
      });
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
    if (err instanceof OptInRateLimited) return Response.json({ error: err.message }, { status: 429 });
    throw err;
  }
};

export const loader = (_args: LoaderFunctionArgs) => Response.json({ error: "POST the opt-in form" }, { status: 405 });
