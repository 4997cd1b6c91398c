// Embedded admin layout. In Shopify admin: App Bridge + NavMenu (the admin draws the navigation).
// In demo mode (no Shopify admin around us): a Polaris Frame with the same navigation and a demo banner.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Frame, Navigation } from "@shopify/polaris";
import { ChatIcon, HomeIcon, PersonIcon, PersonSegmentIcon, SendIcon, SettingsIcon } from "@shopify/polaris-icons";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { requireShop } from "../auth.server";
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

export default function App() {
  const { apiKey, demo, shopName } = useLoaderData<typeof loader>();
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
          <div data-testid="demo-banner">
            <Banner tone="warning" title="Demo mode">
              Demo store with generated data; Shopify and WhatsApp are local simulators. Never used in production.
            </Banner>
          </div>
          <Outlet />
        </Frame>
      </AppProvider>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
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
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
