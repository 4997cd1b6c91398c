// The campaign page's account of recipients whose outcome is unknown (a worker stopped mid-request): how many, and
// why they are not sent again. The text comes from the loader (unknownNotice in campaigns/labels.ts).
import { Banner, Text } from "@shopify/polaris";

export function UnknownRecipientsBanner({ notice }: { notice: { title: string; body: string } | null }) {
  if (!notice) return null;
  return (
    <Banner tone="warning" title={notice.title}>
      <Text as="p" variant="bodyMd">
        <span data-testid="unknown-notice">{notice.body}</span>
      </Text>
    </Banner>
  );
}
