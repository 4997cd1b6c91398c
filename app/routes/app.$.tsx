// Any /app URL no route matches: a 404 the app layout draws as a page inside the frame (app.tsx ErrorBoundary).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireShop } from "../auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireShop(request);
  throw new Response("Page not found", { status: 404 });
};

export default function NotFound() {
  return null;
}
