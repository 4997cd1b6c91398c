// Runs the WhatsApp Cloud API simulator as a process for the demo and manual checks:
//   WA_SIM_APP_SECRET=... WA_SIM_PORT=4020 npx tsx test/simulators/whatsapp-main.ts
// Env: WA_SIM_PORT (default 0 = random), WA_SIM_APP_SECRET (required: signs webhooks, = the app's
// WHATSAPP_APP_SECRET), WA_SIM_WEBHOOK_URL (the app's WhatsApp webhook route), WA_SIM_TOKEN (default
// sim-access-token), WA_SIM_WABA_ID (default 102290129340398), WA_SIM_PHONE_NUMBER_ID (default
// 106540352242922), WA_SIM_MPS (default 80).
import { demoTemplates, startWhatsAppSimulator } from "./whatsapp/index";

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
        messagingLimitTier: "TIER_10K",
        throughputMps: mps,
      },
    ],
    templates: { [wabaId]: demoTemplates() },
    statusDelayMs: 500,
  });
  process.stdout.write(`${sim.url}\n`);
  process.stdout.write(
    `WABA ${wabaId}, phone number ${phoneNumberId}: POST ${sim.url}/v24.0/${phoneNumberId}/messages with Authorization: Bearer ${token}\n`,
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
