// The Settings page's WhatsApp sections: the number connection (connect / refresh / disconnect, with the
// number's name, quality rating, messaging limit and throughput) and the consent rules. Both post with
// useFetcher to app/routes/app.settings.whatsapp.tsx; the page's loader provides `data`
// (app/whatsapp/settings.server.ts loadWhatsAppSettings).
import { useFetcher } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  Collapsible,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ConsentSettings } from "../consent/settings";
import { formatInZone } from "../lib/zoned-time";
import type { action as settingsAction } from "../routes/app.settings.whatsapp";
import type { SettingsActionResult, WhatsAppSettingsData } from "../whatsapp/settings.server";
import { marketingMessagesOf, qualityOf, tierLabel } from "./whatsapp-labels";

const ACTION = "/app/settings/whatsapp";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <InlineStack align="space-between" blockAlign="center" gap="400">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span">{children}</Text>
    </InlineStack>
  );
}

function ResultBanner({ result }: { result: SettingsActionResult | undefined }) {
  if (!result) return null;
  return result.ok ? <Banner tone="success">{result.message}</Banner> : <Banner tone="critical">{result.error}</Banner>;
}

function ConnectForm({ demo }: { demo: WhatsAppSettingsData["demoCredentials"] }) {
  const fetcher = useFetcher<typeof settingsAction>();
  const [values, setValues] = useState({
    phoneNumberId: demo?.phoneNumberId ?? "",
    wabaId: demo?.wabaId ?? "",
    accessToken: demo?.accessToken ?? "",
  });
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  const fieldError = (f: string) => (result && !result.ok && result.field === f ? result.error : undefined);
  const set = (k: keyof typeof values) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  return (
    <fetcher.Form method="post" action={ACTION} data-testid="whatsapp-connect-form">
      <input type="hidden" name="intent" value="connect" />
      <FormLayout>
        {result && !result.ok && !result.field ? <Banner tone="critical">{result.error}</Banner> : null}
        {demo ? (
          <Banner tone="info">Demo mode: the fields hold the local WhatsApp simulator&apos;s credentials.</Banner>
        ) : null}
        <TextField
          label="Phone number ID"
          name="phoneNumberId"
          value={values.phoneNumberId}
          onChange={set("phoneNumberId")}
          autoComplete="off"
          helpText="WhatsApp Manager → API Setup (or Phone numbers): the number's ID, not the phone number itself."
          error={fieldError("phoneNumberId")}
        />
        <TextField
          label="WhatsApp Business Account ID"
          name="wabaId"
          value={values.wabaId}
          onChange={set("wabaId")}
          autoComplete="off"
          error={fieldError("wabaId")}
        />
        <TextField
          label="Access token"
          name="accessToken"
          type="password"
          value={values.accessToken}
          onChange={set("accessToken")}
          autoComplete="off"
          helpText="A permanent system-user token with whatsapp_business_messaging and whatsapp_business_management. It is checked with Meta, stored encrypted and never shown again."
          error={fieldError("accessToken")}
        />
        <Button submit variant="primary" loading={busy}>
          Connect WhatsApp
        </Button>
      </FormLayout>
    </fetcher.Form>
  );
}

function Connection({ data, timeZone }: { data: WhatsAppSettingsData; timeZone: string }) {
  const fetcher = useFetcher<typeof settingsAction>();
  const [confirming, setConfirming] = useState(false);
  const a = data.account!;
  const quality = qualityOf(a.qualityRating);
  const mm = marketingMessagesOf(a.marketingMessagesStatus);
  const busyIntent = fetcher.state !== "idle" ? String(fetcher.formData?.get("intent")) : null;
  const post = (intent: string) => fetcher.submit({ intent }, { method: "post", action: ACTION });
  return (
    <BlockStack gap="400">
      {a.status !== "connected" ? (
        <Banner
          tone="critical"
          title={a.status === "restricted" ? "Meta restricted this account" : "The connection needs attention"}
        >
          {a.statusReason ?? "Reconnect with a new token."} Campaigns do not send until this is fixed.
        </Banner>
      ) : null}
      <ResultBanner result={fetcher.data} />
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingMd">
            {a.verifiedName ?? "WhatsApp number"}
          </Text>
          <Badge tone={quality.tone}>{quality.label}</Badge>
        </InlineStack>
        <Row label="Phone number">
          {a.displayPhoneNumber ? `+${a.displayPhoneNumber.replace(/^\+/, "")}` : a.phoneNumberId}
        </Row>
        <Row label="Messaging limit (business portfolio)">{tierLabel(a.messagingLimitTier)}</Row>
        <Row label="Marketing Messages API">
          <Badge tone={mm.tone}>{mm.label}</Badge>
        </Row>
        {mm.help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {mm.help}
          </Text>
        ) : null}
        <Row label="WhatsApp Business Account">{a.wabaName ?? a.wabaId}</Row>
        <Row label="Templates">
          <Link url="/app/templates">{`${data.templates.approved} approved of ${data.templates.total}`}</Link>
        </Row>
        {a.lastAccountEvent ? (
          <Row label="Last notice from Meta">{`${a.lastAccountEvent}${a.lastAccountEventAt ? ` · ${formatInZone(a.lastAccountEventAt, timeZone)}` : ""}`}</Row>
        ) : null}
        <Row label="Connected">{formatInZone(a.connectedAt, timeZone)}</Row>
        <Row label="Checked">{a.refreshedAt ? formatInZone(a.refreshedAt, timeZone) : "never"}</Row>
      </BlockStack>
      <InlineStack gap="200">
        <Button onClick={() => post("refresh")} loading={busyIntent === "refresh"}>
          Refresh
        </Button>
        <Button onClick={() => post("sync-templates")} loading={busyIntent === "sync-templates"}>
          Sync templates
        </Button>
        {confirming ? (
          <>
            <Button
              tone="critical"
              variant="primary"
              onClick={() => post("disconnect")}
              loading={busyIntent === "disconnect"}
            >
              Yes, disconnect
            </Button>
            <Button variant="plain" onClick={() => setConfirming(false)}>
              Keep connected
            </Button>
          </>
        ) : (
          <Button tone="critical" variant="plain" onClick={() => setConfirming(true)}>
            Disconnect
          </Button>
        )}
      </InlineStack>
      <Advanced data={data} />
    </BlockStack>
  );
}

/** What only whoever set up the Meta app needs: ids, throughput and the webhook set-up, folded away by default. */
function Advanced({ data }: { data: WhatsAppSettingsData }) {
  const [open, setOpen] = useState(false);
  const a = data.account!;
  return (
    <BlockStack gap="200">
      <InlineStack>
        <Button
          variant="plain"
          disclosure={open ? "up" : "down"}
          onClick={() => setOpen((o) => !o)}
          ariaExpanded={open}
          ariaControls="whatsapp-advanced"
        >
          Technical details
        </Button>
      </InlineStack>
      <Collapsible id="whatsapp-advanced" open={open} transition={{ duration: "150ms" }}>
        <BlockStack gap="200">
          <Row label="Phone number id">{a.phoneNumberId}</Row>
          <Row label="WhatsApp Business Account id">{a.wabaId}</Row>
          <Row label="Throughput">{`${a.throughputMps.toLocaleString("en")} messages per second`}</Row>
          <Text as="p" variant="bodySm" tone="subdued">
            {`Webhook: in Meta's app dashboard set the callback URL to ${data.webhookUrl} and subscribe to messages, user_preferences, the template fields and the account fields.`}
          </Text>
        </BlockStack>
      </Collapsible>
    </BlockStack>
  );
}

function ConsentForm({ consent }: { consent: ConsentSettings }) {
  const fetcher = useFetcher<typeof settingsAction>();
  const [v, setV] = useState({
    ...consent,
    stopKeywords: consent.stopKeywords.join(", "),
    startKeywords: consent.startKeywords.join(", "),
  });
  useEffect(() => {
    setV({
      ...consent,
      stopKeywords: consent.stopKeywords.join(", "),
      startKeywords: consent.startKeywords.join(", "),
    });
  }, [consent]);
  const result = fetcher.data;
  const err = (f: string) => (result && !result.ok ? result.fieldErrors?.[f] : undefined);
  const set =
    <K extends keyof typeof v>(k: K) =>
    (value: (typeof v)[K]) =>
      setV((s) => ({ ...s, [k]: value }));
  return (
    <fetcher.Form method="post" action={ACTION}>
      <input type="hidden" name="intent" value="consent-settings" />
      <input type="hidden" name="countShopifySmsConsent" value={String(v.countShopifySmsConsent)} />
      <input type="hidden" name="countShopifyWhatsAppConsent" value={String(v.countShopifyWhatsAppConsent)} />
      <input type="hidden" name="writeBackOptOuts" value={String(v.writeBackOptOuts)} />
      <input type="hidden" name="sendConfirmations" value={String(v.sendConfirmations)} />
      <input type="hidden" name="confirmOnWhatsApp" value={String(v.confirmOnWhatsApp)} />
      <FormLayout>
        <ResultBanner result={result} />
        <Checkbox
          label="Count WhatsApp marketing consent collected by Shopify"
          helpText="Customers who subscribed to WhatsApp marketing in Shopify (checkout, customer accounts) may receive campaigns. Their unsubscribes always apply."
          checked={v.countShopifyWhatsAppConsent}
          onChange={set("countShopifyWhatsAppConsent")}
        />
        <Checkbox
          label="Count Shopify SMS marketing consent as WhatsApp consent"
          helpText="Customers subscribed to SMS marketing in Shopify may receive WhatsApp campaigns. Only turn this on if your SMS consent wording covers WhatsApp."
          checked={v.countShopifySmsConsent}
          onChange={set("countShopifySmsConsent")}
        />
        <TextField
          label="Opt-in customer tag"
          name="optInTag"
          value={v.optInTag}
          onChange={set("optInTag")}
          autoComplete="off"
          helpText="Customers with this tag count as opted in (e.g. tagged by your checkout or a form app). Leave empty to ignore tags."
          error={err("optInTag")}
        />
        <Checkbox
          label="Keep Shopify's WhatsApp consent in step"
          helpText="Opt-outs (STOP, Meta's stop button, blocked numbers, your own) and opt-ins (widget, CSV, START) are written to the customer's WhatsApp marketing consent in Shopify. SMS consent is never changed."
          checked={v.writeBackOptOuts}
          onChange={set("writeBackOptOuts")}
        />
        <TextField
          label="Opt-out keywords"
          name="stopKeywords"
          value={v.stopKeywords}
          onChange={set("stopKeywords")}
          multiline={3}
          autoComplete="off"
          helpText="Comma separated. A reply opts out when the whole message is one of these (case, accents and punctuation ignored): “Stop!” opts out, “don’t stop” does not."
          error={err("stopKeywords")}
        />
        <TextField
          label="Opt-in keywords"
          name="startKeywords"
          value={v.startKeywords}
          onChange={set("startKeywords")}
          multiline={2}
          autoComplete="off"
          helpText="A customer who opted out can send one of these to receive promotions again."
          error={err("startKeywords")}
        />
        <Checkbox
          label="Confirm storefront sign-ups on WhatsApp"
          helpText="The sign-up widget asks the customer to send a one-time code from their WhatsApp before they count as opted in. A customer who replied STOP always has to do this to subscribe again."
          checked={v.confirmOnWhatsApp}
          onChange={set("confirmOnWhatsApp")}
        />
        <Checkbox
          label="Confirm opt-outs and opt-ins with a reply"
          helpText="Sent only inside the customer's 24-hour service window (free of charge)."
          checked={v.sendConfirmations}
          onChange={set("sendConfirmations")}
        />
        {v.sendConfirmations ? (
          <FormLayout.Group>
            <TextField
              label="Opt-out reply"
              name="optOutReply"
              value={v.optOutReply}
              onChange={set("optOutReply")}
              multiline={2}
              autoComplete="off"
              error={err("optOutReply")}
            />
            <TextField
              label="Opt-in reply"
              name="optInReply"
              value={v.optInReply}
              onChange={set("optInReply")}
              multiline={2}
              autoComplete="off"
              error={err("optInReply")}
            />
          </FormLayout.Group>
        ) : (
          <>
            <input type="hidden" name="optOutReply" value={v.optOutReply} />
            <input type="hidden" name="optInReply" value={v.optInReply} />
          </>
        )}
        <Button submit loading={fetcher.state !== "idle"}>
          Save consent settings
        </Button>
      </FormLayout>
    </fetcher.Form>
  );
}

/** `timeZone`: the store's, for every time shown. */
export function WhatsAppSettings({ data, timeZone }: { data: WhatsAppSettingsData; timeZone: string }) {
  return (
    <>
      <Layout.AnnotatedSection
        title="WhatsApp"
        description="The WhatsApp Business number campaigns are sent from. Quality rating and messaging limit are refreshed every 6 hours and whenever Meta notifies a change."
      >
        <Card>
          <div data-testid="whatsapp-connection">
            {data.account ? (
              <Connection data={data} timeZone={timeZone} />
            ) : (
              <ConnectForm demo={data.demoCredentials} />
            )}
          </div>
        </Card>
      </Layout.AnnotatedSection>
      <Layout.AnnotatedSection
        title="Marketing consent"
        description="Who may receive WhatsApp campaigns. An opt-out always wins over every opt-in source; every change is kept in each contact's history (Contacts page)."
      >
        <Card>
          <ConsentForm consent={data.consent} />
        </Card>
      </Layout.AnnotatedSection>
    </>
  );
}
