// The setup checklist's shapes and its consent step, shared by the server and the browser (the consent count
// streams in, so the browser builds that step when it arrives).
export type SetupStepKey = "number" | "consent" | "template" | "segment" | "campaign";

export interface SetupStep {
  key: SetupStepKey;
  title: string;
  done: boolean;
  /** what is true now, in the merchant's words */
  detail: string;
  action: { content: string; url: string };
}

export const n = (x: number) => x.toLocaleString("en");

/** Consent is collected once someone can receive a campaign now (until counted: once a campaign reached someone). */
export function consentStep(audience: { eligible: number; total: number } | null, reached: boolean): SetupStep {
  const eligible = audience?.eligible ?? 0;
  return {
    key: "consent",
    title: "Collect consent",
    done: audience ? eligible > 0 : reached,
    detail: !audience
      ? "Customers who can receive campaigns are counted below."
      : eligible > 0
        ? `${n(eligible)} of ${n(audience.total)} customers can receive campaigns now.`
        : `None of your ${n(audience.total)} customers can receive campaigns yet: import opt-ins, add the storefront opt-in, or count Shopify marketing consent.`,
    action: { content: "Consent sources", url: "/app/settings/whatsapp" },
  };
}
