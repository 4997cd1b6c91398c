// The slice of the Admin GraphQL schema the simulator answers outside bulk operations. Root and payload
// names follow Shopify's (QueryRoot, Mutation, ...Payload, UserError codes); object fields are nullable
// here unless Shopify guarantees them, because the store nodes come from fixtures that may omit fields.
import { buildSchema, GraphQLScalarType, type GraphQLSchema } from "graphql";

const SDL = /* GraphQL */ `
  schema {
    query: QueryRoot
    mutation: Mutation
  }

  scalar DateTime
  scalar URL
  scalar UnsignedInt64
  scalar Decimal
  scalar Money
  scalar JSON

  interface Node {
    id: ID!
  }

  enum BulkOperationType {
    QUERY
    MUTATION
  }
  enum BulkOperationStatus {
    CREATED
    RUNNING
    COMPLETED
    CANCELING
    CANCELED
    FAILED
    EXPIRED
  }
  enum BulkOperationErrorCode {
    ACCESS_DENIED
    INTERNAL_SERVER_ERROR
    TIMEOUT
  }
  enum BulkOperationUserErrorCode {
    INVALID
    OPERATION_IN_PROGRESS
    LIMIT_REACHED
  }
  enum CustomerSmsMarketingState {
    NOT_SUBSCRIBED
    PENDING
    SUBSCRIBED
    UNSUBSCRIBED
    REDACTED
  }
  enum CustomerEmailMarketingState {
    NOT_SUBSCRIBED
    PENDING
    SUBSCRIBED
    UNSUBSCRIBED
    REDACTED
    INVALID
  }
  enum CustomerMarketingOptInLevel {
    SINGLE_OPT_IN
    CONFIRMED_OPT_IN
    UNKNOWN
  }
  enum CustomerConsentCollectedFrom {
    SHOPIFY
    OTHER
  }
  enum CustomerSmsMarketingConsentErrorCode {
    INCLUSION
    INTERNAL_ERROR
    INVALID
    MISSING_ARGUMENT
  }
  enum CustomerSortKeys {
    CREATED_AT
    ID
    NAME
    LOCATION
    RELEVANCE
    UPDATED_AT
  }
  enum OrderSortKeys {
    CREATED_AT
    ID
    PROCESSED_AT
    UPDATED_AT
    TOTAL_PRICE
    RELEVANCE
  }
  enum ProductSortKeys {
    CREATED_AT
    ID
    TITLE
    UPDATED_AT
    RELEVANCE
  }

  type QueryRoot {
    shop: Shop!
    currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
    bulkOperation(id: ID!): BulkOperation
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    customer(id: ID!): Customer
    customers(
      first: Int
      after: String
      last: Int
      before: String
      query: String
      sortKey: CustomerSortKeys
      reverse: Boolean
    ): CustomerConnection!
    order(id: ID!): Order
    orders(
      first: Int
      after: String
      last: Int
      before: String
      query: String
      sortKey: OrderSortKeys
      reverse: Boolean
    ): OrderConnection!
    product(id: ID!): Product
    products(
      first: Int
      after: String
      last: Int
      before: String
      query: String
      sortKey: ProductSortKeys
      reverse: Boolean
    ): ProductConnection!
  }

  type Mutation {
    bulkOperationRunQuery(query: String!, groupObjects: Boolean): BulkOperationRunQueryPayload
    bulkOperationCancel(id: ID!): BulkOperationCancelPayload
    customerSmsMarketingConsentUpdate(
      input: CustomerSmsMarketingConsentUpdateInput!
    ): CustomerSmsMarketingConsentUpdatePayload
  }

  type Shop implements Node {
    id: ID!
    name: String!
    email: String
    contactEmail: String
    myshopifyDomain: String!
    currencyCode: String!
    ianaTimezone: String!
    timezoneAbbreviation: String
    primaryDomain: Domain
    plan: ShopPlan
  }
  type Domain {
    host: String
    url: URL
  }
  type ShopPlan {
    displayName: String
    partnerDevelopment: Boolean
    shopifyPlus: Boolean
  }

  type BulkOperation implements Node {
    id: ID!
    status: BulkOperationStatus!
    type: BulkOperationType!
    errorCode: BulkOperationErrorCode
    createdAt: DateTime!
    completedAt: DateTime
    objectCount: UnsignedInt64!
    rootObjectCount: UnsignedInt64!
    fileSize: UnsignedInt64
    url: URL
    partialDataUrl: URL
    query: String!
  }
  type BulkOperationUserError {
    field: [String!]
    message: String!
    code: BulkOperationUserErrorCode
  }
  type BulkOperationRunQueryPayload {
    bulkOperation: BulkOperation
    userErrors: [BulkOperationUserError!]!
  }
  type UserError {
    field: [String!]
    message: String!
  }
  type BulkOperationCancelPayload {
    bulkOperation: BulkOperation
    userErrors: [UserError!]!
  }

  input CustomerSmsMarketingConsentInput {
    marketingState: CustomerSmsMarketingState!
    marketingOptInLevel: CustomerMarketingOptInLevel
    consentUpdatedAt: DateTime
  }
  input CustomerSmsMarketingConsentUpdateInput {
    customerId: ID!
    smsMarketingConsent: CustomerSmsMarketingConsentInput!
  }
  type CustomerSmsMarketingConsentError {
    field: [String!]
    message: String!
    code: CustomerSmsMarketingConsentErrorCode
  }
  type CustomerSmsMarketingConsentUpdatePayload {
    customer: Customer
    userErrors: [CustomerSmsMarketingConsentError!]!
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
  type MoneyV2 {
    amount: Decimal!
    currencyCode: String!
  }
  type MoneyBag {
    shopMoney: MoneyV2!
    presentmentMoney: MoneyV2
  }
  type Attribute {
    key: String!
    value: String
  }

  type CustomerSmsMarketingConsentState {
    marketingState: CustomerSmsMarketingState!
    marketingOptInLevel: CustomerMarketingOptInLevel
    consentUpdatedAt: DateTime
    consentCollectedFrom: CustomerConsentCollectedFrom
  }
  type CustomerEmailMarketingConsentState {
    marketingState: CustomerEmailMarketingState!
    marketingOptInLevel: CustomerMarketingOptInLevel
    consentUpdatedAt: DateTime
  }
  type CustomerPhoneNumber {
    phoneNumber: String!
    marketingState: CustomerSmsMarketingState
    marketingOptInLevel: CustomerMarketingOptInLevel
    marketingUpdatedAt: DateTime
    marketingCollectedFrom: CustomerConsentCollectedFrom
  }
  type MailingAddress {
    id: ID
    address1: String
    address2: String
    city: String
    province: String
    provinceCode: String
    country: String
    countryCodeV2: String
    zip: String
    phone: String
    name: String
  }

  type Customer implements Node {
    id: ID!
    legacyResourceId: UnsignedInt64
    firstName: String
    lastName: String
    displayName: String
    email: String
    phone: String
    state: String
    note: String
    locale: String
    verifiedEmail: Boolean
    tags: [String!]
    createdAt: DateTime
    updatedAt: DateTime
    numberOfOrders: UnsignedInt64
    amountSpent: MoneyV2
    defaultPhoneNumber: CustomerPhoneNumber
    smsMarketingConsent: CustomerSmsMarketingConsentState
    emailMarketingConsent: CustomerEmailMarketingConsentState
    defaultAddress: MailingAddress
  }
  type CustomerEdge {
    cursor: String!
    node: Customer!
  }
  type CustomerConnection {
    edges: [CustomerEdge!]!
    nodes: [Customer!]!
    pageInfo: PageInfo!
  }

  type ProductVariant implements Node {
    id: ID!
    title: String
    sku: String
    price: Money
    compareAtPrice: Money
    product: Product
  }
  type ProductVariantEdge {
    cursor: String!
    node: ProductVariant!
  }
  type ProductVariantConnection {
    edges: [ProductVariantEdge!]!
    nodes: [ProductVariant!]!
    pageInfo: PageInfo!
  }

  type Collection implements Node {
    id: ID!
    title: String
    handle: String
    updatedAt: DateTime
  }
  type CollectionEdge {
    cursor: String!
    node: Collection!
  }
  type CollectionConnection {
    edges: [CollectionEdge!]!
    nodes: [Collection!]!
    pageInfo: PageInfo!
  }

  type Product implements Node {
    id: ID!
    legacyResourceId: UnsignedInt64
    title: String
    handle: String
    vendor: String
    productType: String
    status: String
    tags: [String!]
    createdAt: DateTime
    updatedAt: DateTime
    variants(first: Int, after: String, last: Int, before: String): ProductVariantConnection!
    collections(first: Int, after: String, last: Int, before: String): CollectionConnection!
  }
  type ProductEdge {
    cursor: String!
    node: Product!
  }
  type ProductConnection {
    edges: [ProductEdge!]!
    nodes: [Product!]!
    pageInfo: PageInfo!
  }

  type LineItem implements Node {
    id: ID!
    name: String
    title: String
    sku: String
    vendor: String
    quantity: Int
    currentQuantity: Int
    variant: ProductVariant
    product: Product
    originalUnitPriceSet: MoneyBag
    discountedUnitPriceSet: MoneyBag
    originalTotalSet: MoneyBag
    totalDiscountSet: MoneyBag
  }
  type LineItemEdge {
    cursor: String!
    node: LineItem!
  }
  type LineItemConnection {
    edges: [LineItemEdge!]!
    nodes: [LineItem!]!
    pageInfo: PageInfo!
  }

  type Refund implements Node {
    id: ID!
    createdAt: DateTime
    note: String
    totalRefundedSet: MoneyBag
  }

  type Order implements Node {
    id: ID!
    legacyResourceId: UnsignedInt64
    name: String
    email: String
    phone: String
    createdAt: DateTime
    updatedAt: DateTime
    processedAt: DateTime
    cancelledAt: DateTime
    cancelReason: String
    closedAt: DateTime
    test: Boolean
    sourceName: String
    note: String
    tags: [String!]
    currencyCode: String
    presentmentCurrencyCode: String
    displayFinancialStatus: String
    displayFulfillmentStatus: String
    discountCodes: [String!]
    customAttributes: [Attribute!]
    customer: Customer
    shippingAddress: MailingAddress
    subtotalPriceSet: MoneyBag
    totalPriceSet: MoneyBag
    totalDiscountsSet: MoneyBag
    totalRefundedSet: MoneyBag
    currentTotalPriceSet: MoneyBag
    currentSubtotalPriceSet: MoneyBag
    refunds: [Refund!]
    lineItems(first: Int, after: String, last: Int, before: String): LineItemConnection!
  }
  type OrderEdge {
    cursor: String!
    node: Order!
  }
  type OrderConnection {
    edges: [OrderEdge!]!
    nodes: [Order!]!
    pageInfo: PageInfo!
  }
`;

let cached: GraphQLSchema | null = null;

export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchema(SDL);
  // UnsignedInt64 travels as a JSON string in Shopify's responses (objectCount: "12").
  const u64 = schema.getType("UnsignedInt64") as GraphQLScalarType;
  u64.serialize = (v: unknown) => (v === null || v === undefined ? v : String(v));
  cached = schema;
  return schema;
}
