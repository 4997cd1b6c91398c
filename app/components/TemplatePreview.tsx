// A WhatsApp-style preview of a template for one customer, rendered with the same pure renderer campaigns
// send with (app/whatsapp/mapping.ts), so what the merchant sees is what the API receives.
import { Badge, BlockStack, Box, Icon, InlineStack, Text } from "@shopify/polaris";
import { ChatIcon, ImageIcon, LinkIcon } from "@shopify/polaris-icons";
import { useEffect, useMemo, useRef, useState } from "react";
import {
  previewTemplate,
  renderComponents,
  templateSlots,
  type FieldRow,
  type FormatContext,
  type TemplateLike,
  type TemplateMapping,
} from "../whatsapp/mapping";

export interface TemplatePreviewProps {
  template: TemplateLike;
  mapping: TemplateMapping;
  row: FieldRow;
  format: FormatContext & { shopName?: string | null };
  /** utm_campaign value (the campaign id; "preview" in the template editor) */
  campaignId?: string | number;
  recipientRef?: string | null;
  /** our link origin: buttons based on <origin>/l/ show the redirect link */
  linkOrigin?: string | null;
}

const IMAGE_HEIGHT = 160;

/**
 * An image header shows the image itself, as WhatsApp does; a video or document header (which the admin cannot
 * render faithfully) and an image that does not load show what will be sent instead.
 */
function HeaderMedia({ format, link }: { format: string; link: string | undefined }) {
  const [failed, setFailed] = useState(false);
  const img = useRef<HTMLImageElement>(null);
  // On a new link, start over; and an image that failed before hydration fired its error event before React
  // listened, so check it once mounted.
  useEffect(() => {
    setFailed(Boolean(img.current?.complete && img.current.naturalWidth === 0));
  }, [link]);
  if (format === "IMAGE" && link && /^https:\/\//.test(link) && !failed) {
    return (
      <img
        ref={img}
        src={link}
        alt="Header image"
        data-testid="template-preview-image"
        onError={() => setFailed(true)}
        // A fixed height, the same as the fallback's, so the preview does not jump when the image loads or fails.
        style={{ display: "block", width: "100%", height: IMAGE_HEIGHT, objectFit: "cover", borderRadius: 6 }}
      />
    );
  }
  return (
    <Box
      background="bg-surface-secondary"
      borderRadius="200"
      padding="400"
      minHeight={format === "IMAGE" ? `${IMAGE_HEIGHT}px` : undefined}
    >
      <InlineStack gap="200" blockAlign="center">
        <Icon source={ImageIcon} tone="subdued" />
        <Text as="span" variant="bodySm" tone="subdued" breakWord>
          {failed ? `image could not be loaded: ${link}` : `${format.toLowerCase()}: ${link || "no link"}`}
        </Text>
      </InlineStack>
    </Box>
  );
}

export function TemplatePreview({
  template,
  mapping,
  row,
  format,
  campaignId = "preview",
  recipientRef = null,
  linkOrigin = null,
}: TemplatePreviewProps) {
  const { rendered, preview, labels } = useMemo(() => {
    const r = renderComponents(template, mapping, row, { ...format, campaignId, recipientRef, linkOrigin });
    const slotLabels = Object.fromEntries(templateSlots(template).map((s) => [s.id, s.label]));
    return { rendered: r, preview: previewTemplate(template, r), labels: slotLabels };
  }, [template, mapping, row, format, campaignId, recipientRef, linkOrigin]);

  return (
    <BlockStack gap="300">
      <div data-testid="template-preview" style={{ background: "#e5ddd5", borderRadius: 12, padding: 16 }}>
        <div
          style={{
            background: "#fff",
            borderRadius: 8,
            padding: 10,
            maxWidth: 360,
            boxShadow: "0 1px 1px rgba(0,0,0,0.13)",
          }}
        >
          <BlockStack gap="200">
            {preview.header?.mediaFormat ? (
              <HeaderMedia format={preview.header.mediaFormat} link={preview.header.link} />
            ) : null}
            {preview.header?.text ? (
              <Text as="p" fontWeight="bold">
                {preview.header.text}
              </Text>
            ) : null}
            <div
              style={{ whiteSpace: "pre-wrap", fontSize: 14, lineHeight: "20px" }}
              data-testid="template-preview-body"
            >
              {preview.body}
            </div>
            {preview.footer ? (
              <Text as="p" variant="bodySm" tone="subdued">
                {preview.footer}
              </Text>
            ) : null}
          </BlockStack>
        </div>
        {preview.buttons.map((b, i) => (
          <div
            key={i}
            style={{
              background: "#fff",
              borderRadius: 8,
              marginTop: 4,
              maxWidth: 360,
              padding: "8px 10px",
              textAlign: "center",
              color: "#00a5f4",
            }}
          >
            <InlineStack gap="100" align="center" blockAlign="center">
              <Icon source={b.type === "URL" ? LinkIcon : ChatIcon} tone="info" />
              <span>{b.text}</span>
            </InlineStack>
            {b.url ? (
              <div
                style={{ fontSize: 11, color: "#667781", wordBreak: "break-all" }}
                data-testid="template-preview-url"
              >
                {b.url}
              </div>
            ) : null}
          </div>
        ))}
      </div>
      {rendered.missing.length ? (
        <InlineStack gap="100">
          {rendered.missing.map((slot) => (
            <Badge key={slot} tone="critical">{`${labels[slot] ?? slot} is empty for this customer`}</Badge>
          ))}
        </InlineStack>
      ) : null}
      {rendered.usedFallback.length ? (
        <InlineStack gap="100">
          {rendered.usedFallback.map((slot) => (
            <Badge key={slot} tone="attention">{`${labels[slot] ?? slot}: fallback used`}</Badge>
          ))}
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
