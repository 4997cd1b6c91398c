// Local WhatsApp Cloud API simulator: see server.ts and README.md.
export { startWhatsAppSimulator, GRAPH_VERSIONS, LATEST_GRAPH_VERSION } from "./server";
export { signatureHeader, metaJson } from "./webhooks";
export { placeholders } from "./templates";
export { demoTemplates } from "./fixtures";
export type * from "./types";
