// Shown on Home and Settings while a customer's data request has not been downloaded yet: the merchant owes the
// customer that export (Shopify forwards customers/data_request and expects the store to answer it).
import { Banner } from "@shopify/polaris";

export function DataRequestsBanner({ unanswered }: { unanswered: number }) {
  if (unanswered <= 0) return null;
  return (
    <Banner
      tone="warning"
      title={unanswered === 1 ? "A customer asked for their data" : `${unanswered} customers asked for their data`}
      action={{ content: "Open data requests", url: "/app/settings/data-requests" }}
    >
      <p>Download what the app holds about them and send it to the customer.</p>
    </Banner>
  );
}
