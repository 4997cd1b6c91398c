import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { isDemoMode } from "../../env.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (isDemoMode() || url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { showForm: true };
};

export default function Landing() {
  const { showForm } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Segments that sell, on WhatsApp</h1>
      <p>
        Turn your orders into precise customer segments — cross-sell, sale shoppers, former VIPs, AOV tiers — and send
        WhatsApp campaigns that respect consent and Meta&apos;s limits, with the revenue each segment brings.
      </p>
      {showForm && (
        <Form method="post" action="/auth/login">
          <label>
            Shop domain <input type="text" name="shop" placeholder="my-shop.myshopify.com" />
          </label>{" "}
          <button type="submit">Log in</button>
        </Form>
      )}
    </main>
  );
}
