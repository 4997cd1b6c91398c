// Runs the WhatsApp Cloud API simulator as a process for the demo and manual checks:
//   WA_SIM_APP_SECRET=... WA_SIM_PORT=4020 npx tsx test/simulators/whatsapp-main.ts
// Env: WA_SIM_PORT (default 0 = random), WA_SIM_APP_SECRET (required: signs webhooks, = the app's
// WHATSAPP_APP_SECRET), WA_SIM_WEBHOOK_URL (the app's WhatsApp webhook route), WA_SIM_TOKEN (default
// sim-access-token), WA_SIM_WABA_ID (default 102290129340398), WA_SIM_PHONE_NUMBER_ID (default
// 106540352242922), WA_SIM_MPS (default 80), WA_SIM_TIER (default TIER_10K), WA_SIM_STATUS_DELAY_MS (default 500),
// WA_SIM_FAILURE_MIX (JSON, e.g. {"131026":0.02,"131049":0.05}). While it runs, POST JSON to /_sim/inbound-text,
// /_sim/quick-reply, /_sim/user-preference, /_sim/template-status, /_sim/quality, /_sim/tier, /_sim/failure-mix
// and GET /_sim/accepted (see server.ts `control`).
import { demoTemplates, startWhatsAppSimulator, type MessagingLimitTier } from "./whatsapp/index";
import { DEMO_CAMPAIGN_TEMPLATES } from "../../prisma/seed/demo-templates";

async function main() {
  const appSecret = process.env.WA_SIM_APP_SECRET;
  if (!appSecret) {
    process.stderr.write("WA_SIM_APP_SECRET is required (the Meta app secret signs webhooks)\n");
    process.exit(2);
  }
  const wabaId = process.env.WA_SIM_WABA_ID || "102290129340398";
  const phoneNumberId = process.env.WA_SIM_PHONE_NUMBER_ID || "106540352242922";
  const token = process.env.WA_SIM_TOKEN || "sim-access-token";
  const mps = Number(process.env.WA_SIM_MPS || 80);
  if (!Number.isFinite(mps) || mps <= 0) {
    process.stderr.write("WA_SIM_MPS must be a positive number\n");
    process.exit(2);
  }
  const tier = (process.env.WA_SIM_TIER || "TIER_10K") as MessagingLimitTier;
  let failureMix: Record<number, number> = {};
  try {
    failureMix = JSON.parse(process.env.WA_SIM_FAILURE_MIX || "{}");
  } catch {
    process.stderr.write('WA_SIM_FAILURE_MIX must be JSON like {"131026":0.02}\n');
    process.exit(2);
  }
  const sim = await startWhatsAppSimulator({
    port: Number(process.env.WA_SIM_PORT || 0),
    appSecret,
    webhookUrl: process.env.WA_SIM_WEBHOOK_URL || undefined,
    accounts: [
      {
        accessToken: token,
        wabaId,
        phoneNumberId,
        displayPhoneNumber: "15550783881",
        verifiedName: "Demo Shop",
        qualityRating: "GREEN",
        messagingLimitTier: tier,
        throughputMps: mps,
      },
    ],
    // The demo's seeded campaigns used these templates: the demo WABA holds them too (prisma/seed/demo-templates.ts).
    templates: { [wabaId]: [...demoTemplates(), ...DEMO_CAMPAIGN_TEMPLATES] },
    statusDelayMs: Number(process.env.WA_SIM_STATUS_DELAY_MS || 500),
    failureMix,
  });
  process.stdout.write(`${sim.url}\n`);
  process.stdout.write(
    `WABA ${wabaId}, phone number ${phoneNumberId}: POST ${sim.url}/v26.0/${phoneNumberId}/messages with Authorization: Bearer ${token}\n`,
  );
  process.stdout.write(
    `control: curl -X POST ${sim.url}/_sim/inbound-text -H 'Content-Type: application/json' -d '{"from":"447911123456","text":"STOP"}'\n`,
  );
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
