// Embedded admin layout. In Shopify admin: App Bridge + NavMenu (the admin draws the navigation).
// In demo mode (no Shopify admin around us): a Polaris Frame with the same navigation and a demo banner.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, type ReactNode } from "react";
import {
  isRouteErrorResponse,
  Link,
  Outlet,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Frame, Loading, Navigation } from "@shopify/polaris";
import { ChatIcon, HomeIcon, PersonIcon, PersonSegmentIcon, SendIcon, SettingsIcon } from "@shopify/polaris-icons";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { requireShop } from "../auth.server";
import { ErrorPage, NotFoundPage } from "../components/NotFoundPage";
import { ToastProvider } from "../components/useToast";
import { getEnv } from "../env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const NAV = [
  { label: "Dashboard", url: "/app", icon: HomeIcon, exact: true },
  { label: "Segments", url: "/app/segments", icon: PersonSegmentIcon },
  { label: "Campaigns", url: "/app/campaigns", icon: SendIcon },
  { label: "Templates", url: "/app/templates", icon: ChatIcon },
  { label: "Contacts", url: "/app/contacts", icon: PersonIcon },
  { label: "Settings", url: "/app/settings", icon: SettingsIcon },
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireShop(request);
  return { apiKey: getEnv().SHOPIFY_API_KEY, demo, shopName: shop.name ?? shop.domain };
};

type LayoutData = { apiKey: string; demo: boolean; shopName: string };

/** A thin bar at the top while the next page loads (Polaris Loading inside the demo frame; App Bridge's in admin). */
function NavigationLoading({ demo }: { demo: boolean }) {
  const busy = useNavigation().state === "loading";
  useEffect(() => {
    // Inside Shopify admin, App Bridge draws the bar (window.shopify is its global).
    if (!demo) (window as { shopify?: { loading?: (on: boolean) => void } }).shopify?.loading?.(busy);
  }, [busy, demo]);
  return demo && busy ? <Loading /> : null;
}

function Shell({ data, children }: { data: LayoutData; children: ReactNode }) {
  const { apiKey, demo, shopName } = data;
  const location = useLocation();
  if (demo) {
    const navigation = (
      <Navigation location={location.pathname}>
        <Navigation.Section
          title={shopName}
          items={NAV.map((item) => ({
            label: item.label,
            url: item.url,
            icon: item.icon,
            exactMatch: "exact" in item ? item.exact : false,
          }))}
        />
      </Navigation>
    );
    return (
      <AppProvider isEmbeddedApp={false} apiKey={apiKey}>
        <Frame navigation={navigation}>
          <NavigationLoading demo />
          <div data-testid="demo-banner">
            <Banner tone="warning" title="Demo mode">
              Demo store with generated data; Shopify and WhatsApp are local simulators. Never used in production.
            </Banner>
          </div>
          <ToastProvider demo>{children}</ToastProvider>
        </Frame>
      </AppProvider>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavigationLoading demo={false} />
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
        {NAV.slice(1).map((item) => (
          <Link key={item.url} to={item.url}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      <ToastProvider demo={false}>{children}</ToastProvider>
    </AppProvider>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Shell data={data}>
      <Outlet />
    </Shell>
  );
}

// A page that throws 404 (unknown template, import, segment, or a URL no route matches: app.$.tsx) is drawn as a
// Polaris page inside the frame with a way back. Shopify's own thrown responses (re-authentication) still go
// through its boundary so their headers and bodies reach the browser.
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("routes/app");
  if (data && isRouteErrorResponse(error) && error.status === 404) {
    const what = typeof error.data === "string" && /^[\w ]+ not found$/i.test(error.data) ? error.data : undefined;
    return (
      <Shell data={data}>
        <NotFoundPage what={what?.replace(/ not found$/i, "")} />
      </Shell>
    );
  }
  if (data && !isRouteErrorResponse(error)) {
    return (
      <Shell data={data}>
        <ErrorPage />
      </Shell>
    );
  }
  return boundary.error(error);
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
