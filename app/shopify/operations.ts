// Every GraphQL document the app sends to the Admin API, in one place so a test can validate each against
// Shopify's real schema for the pinned version (test/unit/shopify-operations.test.ts: 0 errors, 0 deprecated
// fields). Bulk inner queries live in app/ingest/bulk-queries.ts and are listed here too.
import { BULK_QUERIES } from "../ingest/bulk-queries";

export const RUN_BULK_QUERY = `#graphql
  mutation RunBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }`;

export const BULK_OPERATION_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt }
  }`;

export const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop { name email currencyCode ianaTimezone shopAddress { countryCodeV2 } plan { partnerDevelopment shopifyPlus } }
  }`;

/** Our WhatsApp consent changes, written to Shopify's own WhatsApp marketing consent (2026-07+). */
export const WHATSAPP_CONSENT_UPDATE = `#graphql
  mutation WriteWhatsAppConsent($input: CustomerWhatsAppMarketingConsentUpdateInput!) {
    customerWhatsAppMarketingConsentUpdate(input: $input) {
      customerPhoneNumber { phoneNumber whatsAppMarketingConsent { state optInLevel updatedAt collectedFrom } }
      userErrors { field message code }
    }
  }`;

export interface AppOperation {
  name: string;
  document: string;
  /** a bulkOperationRunQuery inner query: validated as a query document, plus Shopify's bulk rules */
  bulk?: boolean;
}

export const APP_OPERATIONS: readonly AppOperation[] = [
  { name: "RunBulkQuery", document: RUN_BULK_QUERY },
  { name: "BulkOperationStatus", document: BULK_OPERATION_STATUS },
  { name: "ShopDetails", document: SHOP_DETAILS_QUERY },
  { name: "WriteWhatsAppConsent", document: WHATSAPP_CONSENT_UPDATE },
  ...Object.entries(BULK_QUERIES).map(([resource, document]) => ({ name: `bulk:${resource}`, document, bulk: true })),
];
