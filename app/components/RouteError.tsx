// Error state for a page whose loader failed: what happened, in words, and a way to try again.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";

export function RouteError({ title }: { title: string }) {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page title={title} backAction={{ content: "Dashboard", url: "/app" }}>
      <Banner
        tone={notFound ? "warning" : "critical"}
        title={notFound ? "Not found" : "This page could not be loaded"}
        action={notFound ? undefined : { content: "Try again", onAction: () => window.location.reload() }}
      >
        <p>
          {notFound
            ? "It does not exist in this store (or was deleted)."
            : "Something went wrong on our side while reading your data. Nothing was changed; try again in a moment."}
        </p>
      </Banner>
    </Page>
  );
}
