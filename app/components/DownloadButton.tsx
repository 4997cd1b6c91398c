// Downloads a CSV from one of our resource routes. Inside Shopify admin the request needs the session token,
// which App Bridge adds to fetch() (a plain link would not carry it), so the file is fetched and then saved.
import { Button, InlineStack, Text } from "@shopify/polaris";
import { ExportIcon } from "@shopify/polaris-icons";
import { useState } from "react";

export function DownloadButton({
  url,
  label,
  filename,
  onDownloaded,
}: {
  url: string;
  label: string;
  filename: string;
  /** called after the file was saved (e.g. to refresh an audit shown on the page) */
  onDownloaded?: () => void;
}) {
  const [state, setState] = useState<"idle" | "loading" | "error">("idle");
  const download = async () => {
    setState("loading");
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href;
      a.download = response.headers.get("Content-Disposition")?.match(/filename="([^"]+)"/)?.[1] ?? filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      setState("idle");
      onDownloaded?.();
    } catch {
      setState("error");
    }
  };
  return (
    <InlineStack gap="200" blockAlign="center">
      <Button icon={ExportIcon} onClick={download} loading={state === "loading"}>
        {label}
      </Button>
      {state === "error" ? (
        <Text as="span" tone="critical">
          Download failed; try again.
        </Text>
      ) : null}
    </InlineStack>
  );
}
