// Merchant words for Meta's codes (quality ratings, messaging-limit tiers, template statuses).

export const QUALITY: Record<string, { label: string; tone: "success" | "warning" | "critical" | undefined }> = {
  GREEN: { label: "High quality", tone: "success" },
  YELLOW: { label: "Medium quality", tone: "warning" },
  RED: { label: "Low quality", tone: "critical" },
  UNKNOWN: { label: "Quality not rated yet", tone: undefined },
};

export function qualityOf(code: string | null | undefined) {
  return QUALITY[code ?? "UNKNOWN"] ?? { label: code ?? "Unknown", tone: undefined };
}

const TIER: Record<string, string> = {
  TIER_50: "50 customers per 24 hours",
  TIER_250: "250 customers per 24 hours",
  TIER_1K: "1,000 customers per 24 hours",
  TIER_2K: "2,000 customers per 24 hours",
  TIER_10K: "10,000 customers per 24 hours",
  TIER_100K: "100,000 customers per 24 hours",
  TIER_UNLIMITED: "Unlimited customers per 24 hours",
  TIER_NOT_SET: "Not set yet (no message sent)",
};

export function tierLabel(code: string | null | undefined): string {
  return code ? (TIER[code] ?? code) : "Unknown";
}

/**
 * The WABA's Marketing Messages API onboarding. Marketing templates go to `/marketing_messages` either way
 * (app/whatsapp/endpoint.ts); Meta serves a business that is not onboarded through the Cloud API, without the
 * delivery optimisations, so the merchant is told what onboarding would change and where it is done.
 */
export function marketingMessagesOf(code: string | null | undefined): {
  label: string;
  tone: "success" | "info" | "warning" | undefined;
  help: string | null;
} {
  switch (code) {
    case "ONBOARDED":
      return {
        label: "Onboarded",
        tone: "success",
        help: "Marketing templates go through Meta's Marketing Messages API, with its delivery optimisations.",
      };
    case "ELIGIBLE":
      return {
        label: "Not onboarded",
        tone: "info",
        help: "Marketing templates are sent through the ordinary Cloud API. An admin of your Meta business portfolio can accept the Marketing Messages API terms in WhatsApp Manager for better delivery; nothing else changes.",
      };
    case "INELIGIBLE":
      return {
        label: "Not available",
        tone: "warning",
        help: "Meta does not offer the Marketing Messages API to this account (restricted account or country). Marketing templates are sent through the ordinary Cloud API.",
      };
    default:
      return { label: "Not checked yet", tone: undefined, help: "Select Refresh to read it from Meta." };
  }
}

export const TEMPLATE_STATUS: Record<
  string,
  { label: string; tone: "success" | "warning" | "critical" | "info" | undefined }
> = {
  APPROVED: { label: "Approved", tone: "success" },
  PENDING: { label: "In review", tone: "info" },
  REJECTED: { label: "Rejected", tone: "critical" },
  PAUSED: { label: "Paused", tone: "warning" },
  DISABLED: { label: "Disabled", tone: "critical" },
  IN_APPEAL: { label: "In appeal", tone: "info" },
  DELETED: { label: "Deleted", tone: undefined },
};

export function templateStatus(code: string) {
  return (
    TEMPLATE_STATUS[code] ?? { label: code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, " "), tone: undefined }
  );
}

export const CATEGORY: Record<string, string> = {
  MARKETING: "Marketing",
  UTILITY: "Utility",
  AUTHENTICATION: "Authentication",
};
