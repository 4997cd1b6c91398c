// Message links tracked by our redirect: <link origin>/l/<signed short ref> (docs/engagement.md "Clicks",
// docs/security.md "Link redirect"). Records the click unless a bot, then 302 to the store; the target is built
// server-side from the recipient's shop and campaign (app/engagement/redirect.server.ts), never from the request.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { resolveRedirect } from "../engagement/redirect.server";
import { neutralLinkPage } from "../engagement/neutral-page";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const outcome = await resolveRedirect(params.ref, request.headers.get("user-agent"));
  if (outcome.kind === "neutral") return neutralLinkPage();
  return new Response(null, {
    status: 302,
    headers: {
      Location: outcome.location,
      // Every open must reach us (and a shared cache must never hand one customer's redirect to another).
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex",
    },
  });
};
