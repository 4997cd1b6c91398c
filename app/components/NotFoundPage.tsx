// The app's own "not found" page, drawn inside the admin frame: what is missing, in words, and a way back.
import { Card, EmptyState, Page } from "@shopify/polaris";
import { EMPTY_SEARCH as EMPTY_IMAGE } from "./illustrations";

export function NotFoundPage({ what }: { what?: string }) {
  return (
    <Page title="Page not found" backAction={{ content: "Dashboard", url: "/app" }}>
      <Card>
        <div data-testid="not-found">
          <EmptyState
            heading={what ? `${what} not found` : "This page does not exist"}
            image={EMPTY_IMAGE}
            action={{ content: "Go to the Dashboard", url: "/app" }}
            secondaryAction={{ content: "Segments", url: "/app/segments" }}
          >
            <p>It may have been deleted, or the link is mistyped. Nothing was changed.</p>
          </EmptyState>
        </div>
      </Card>
    </Page>
  );
}

export function ErrorPage() {
  return (
    <Page title="Something went wrong" backAction={{ content: "Dashboard", url: "/app" }}>
      <Card>
        <EmptyState
          heading="This page could not be loaded"
          image={EMPTY_IMAGE}
          action={{ content: "Try again", onAction: () => window.location.reload() }}
          secondaryAction={{ content: "Go to the Dashboard", url: "/app" }}
        >
          <p>Something went wrong on our side while reading your data. Nothing was changed; try again in a moment.</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
