// The storefront app embed's click beacon posts here through the app proxy
// (https://{shop}/apps/whatsapp/click → {app}/proxy/click, shopify.app.toml [app_proxy]) when a page opens with
// a message link's r= and rk= (docs/engagement.md "Clicks"). Shopify's `signature` is verified first
// (authenticate.public.appProxy); only then is `shop` trusted. 204 whether or not the ref counted (a forger
// learns nothing), 400 for a body that is not a beacon, 401 for a bad signature — nothing stored for either.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { acceptBeacon, ClickInputError, parseBeacon } from "../engagement/click-intake.server";
import { APP_PROXY_MAX_BYTES, BodyTooLarge, readBodyLimited } from "../lib/body-limit";

/** Parameters Shopify adds to a proxied request and we act on; a repeated one could smuggle a second value. */
const TRUSTED_PARAMS = ["shop", "path_prefix", "timestamp", "signature"];

const empty = (status: number, reason?: string) =>
  new Response(null, { status, headers: reason ? { "X-Refused": reason } : {} });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return empty(405);
  const query = new URL(request.url).searchParams;
  const repeated = TRUSTED_PARAMS.find((name) => query.getAll(name).length > 1);
  if (repeated) return empty(400, `repeated ${repeated}`);
  const { authenticate } = await import("../shopify.server");
  try {
    await authenticate.public.appProxy(request);
  } catch (err) {
    if (err instanceof Response) return empty(401);
    throw err;
  }
  let beacon;
  try {
    beacon = parseBeacon(await readBodyLimited(request, APP_PROXY_MAX_BYTES));
  } catch (err) {
    if (err instanceof BodyTooLarge) return empty(413);
    if (err instanceof ClickInputError) return empty(400, err.message);
    throw err;
  }
  await acceptBeacon({ shopDomain: query.get("shop") ?? "", beacon, userAgent: request.headers.get("user-agent") });
  return empty(204);
};

export const loader = (_args: LoaderFunctionArgs) => empty(405);
