// Local WhatsApp Cloud API simulator: see server.ts and README.md.
export { startWhatsAppSimulator } from "./server";
export { signatureHeader, metaJson } from "./webhooks";
export { placeholders } from "./templates";
export { demoTemplates } from "./fixtures";
export type * from "./types";
