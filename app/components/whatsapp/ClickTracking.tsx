// "How clicks are counted" for each URL button of a template, in the merchant's words. Which way is decided
// by the button's approved URL (app/engagement/link-mode.ts): Meta fixes its base at approval, so the choice is
// made in WhatsApp Manager, and this card says what it means and what to do.
import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { urlButtons, type ClickTracking as Tracking } from "../../engagement/link-mode";
import type { TemplateLike } from "../../whatsapp/mapping";

function describe(
  t: Tracking,
  linkOrigin: string,
): { badge: string; tone: "success" | "info" | "warning"; text: string } {
  if (t.mode === "embed")
    return {
      badge: "Counted on your store",
      tone: "success",
      text: `The button opens ${t.host}. A click is counted when the page opens with the WhatsApp app embed turned on (Online Store → Themes → Customize → App embeds). If ${t.host} is not your store, or the embed is off, clicks are not counted — orders through the link are still credited.`,
    };
  if (t.mode === "redirect")
    return {
      badge: "Counted by our link",
      tone: "info",
      text: `The button opens ${linkOrigin}/l/…, which counts the click and sends the customer straight on to your store, to the page you give as the link ending below. Works without the app embed.`,
    };
  return { badge: "Not counted", tone: "warning", text: t.reason };
}

export function ClickTrackingSummary({ template, linkOrigin }: { template: TemplateLike; linkOrigin: string }) {
  const buttons = urlButtons(template, linkOrigin);
  if (!buttons.length) return null;
  return (
    <BlockStack gap="300">
      <Text as="h2" variant="headingMd">
        How clicks are counted
      </Text>
      {buttons.map((b) => {
        const d = describe(b.tracking, linkOrigin);
        return (
          <BlockStack gap="100" key={b.index}>
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">{`“${b.text}” button`}</Text>
              <Badge tone={d.tone}>{d.badge}</Badge>
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued" breakWord>
              {b.url}
            </Text>
            <Text as="p">{d.text}</Text>
          </BlockStack>
        );
      })}
      <Text as="p" variant="bodySm" tone="subdued">
        {`Link previews and bots are never counted. To count clicks without the app embed, set the button URL in WhatsApp Manager to ${linkOrigin}/l/{{1}}.`}
      </Text>
    </BlockStack>
  );
}
