// How a stored customer looks through the 2026-10 Admin schema. Fixtures may be written in older shapes
// (`email`, the deprecated `CustomerPhoneNumber.marketing*` fields); the view answers both the deprecated fields
// and their replacements (`defaultEmailAddress`, `smsMarketingConsent`, `whatsAppMarketingConsent`) from the
// same facts, as Shopify does while a field is deprecated. Consent written through the API overrides the fixture.

/** CustomerSmsMarketingConsent / CustomerWhatsAppMarketingConsent (the CustomerMarketingConsent interface). */
export interface MarketingConsent {
  /** CustomerMarketingConsentState: NEVER_SUBSCRIBED | PENDING | SUBSCRIBED | UNSUBSCRIBED | REDACTED */
  state: string;
  optInLevel: string | null;
  updatedAt: string | null;
  collectedFrom: string | null;
  sourceLocation: { id: string } | null;
}

export const NEVER_SUBSCRIBED: MarketingConsent = {
  state: "NEVER_SUBSCRIBED",
  optInLevel: null,
  updatedAt: null,
  collectedFrom: null,
  sourceLocation: null,
};

// The deprecated CustomerSmsMarketingState says NOT_SUBSCRIBED where the new enum says NEVER_SUBSCRIBED.
const toNewState = (s: string | null | undefined) => (!s ? null : s === "NOT_SUBSCRIBED" ? "NEVER_SUBSCRIBED" : s);
const toOldState = (s: string) => (s === "NEVER_SUBSCRIBED" ? "NOT_SUBSCRIBED" : s);

function smsFromFixture(phone: any): MarketingConsent {
  if (phone?.smsMarketingConsent) return { ...NEVER_SUBSCRIBED, ...phone.smsMarketingConsent };
  const state = toNewState(phone?.marketingState);
  if (!state) return NEVER_SUBSCRIBED;
  return {
    state,
    optInLevel: phone.marketingOptInLevel ?? null,
    updatedAt: phone.marketingUpdatedAt ?? null,
    collectedFrom: phone.marketingCollectedFrom ?? null,
    sourceLocation: null,
  };
}

export function customerView(node: any, sms?: MarketingConsent, whatsApp?: MarketingConsent): any {
  const basePhone = node.defaultPhoneNumber ?? (node.phone ? { phoneNumber: node.phone } : null);
  const smsConsent = sms ?? smsFromFixture(basePhone);
  const waConsent =
    whatsApp ??
    (basePhone?.whatsAppMarketingConsent
      ? { ...NEVER_SUBSCRIBED, ...basePhone.whatsAppMarketingConsent }
      : NEVER_SUBSCRIBED);
  // a consent written through the API moves the customer's updatedAt, as any change in Shopify does
  const written = [sms?.updatedAt, whatsApp?.updatedAt].filter((t): t is string => !!t);
  const latest = written.reduce((a, b) => (b > a ? b : a), node.updatedAt ?? "");
  const email = node.defaultEmailAddress?.emailAddress ?? node.email ?? null;
  return {
    ...node,
    email,
    updatedAt: latest || node.updatedAt,
    defaultEmailAddress: email
      ? {
          marketingState: "NOT_SUBSCRIBED",
          marketingOptInLevel: null,
          marketingUpdatedAt: null,
          validFormat: true,
          ...node.defaultEmailAddress,
          emailAddress: email,
        }
      : null,
    // Customer.smsMarketingConsent (deprecated): the old shape of the same facts
    smsMarketingConsent: basePhone
      ? {
          marketingState: toOldState(smsConsent.state),
          marketingOptInLevel: smsConsent.optInLevel,
          consentUpdatedAt: smsConsent.updatedAt,
          consentCollectedFrom: smsConsent.collectedFrom,
        }
      : null,
    defaultPhoneNumber: basePhone
      ? {
          ...basePhone,
          marketingState: toOldState(smsConsent.state),
          marketingOptInLevel: smsConsent.optInLevel,
          marketingUpdatedAt: smsConsent.updatedAt,
          marketingCollectedFrom: smsConsent.collectedFrom,
          smsMarketingConsent: smsConsent,
          whatsAppMarketingConsent: waConsent,
        }
      : null,
  };
}
