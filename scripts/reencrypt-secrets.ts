// Key rotation, step 2 (docs/security.md "Encryption"): re-encrypt every stored WhatsApp access token and every
// Shopify session token with the first key of ENCRYPTION_KEYS (session tokens stored before encryption existed
// are sealed too). Run after putting the new key first; then the old key can be removed. Idempotent.
//   ENCRYPTION_KEYS="new:…,old:…" DATABASE_URL=… npm run secrets:reencrypt
// Prints counts only: tokens are never printed. Its report is for the operator at the terminal, so it stays on
// console.log (plain lines) rather than the JSON logger.
import { ConfigError } from "../app/env.server";
import { closeDb, pool } from "../app/db.server";
import { startOrExit } from "../app/lib/lifecycle.server";
import { currentKeyId } from "../app/lib/encryption.server";
import { reencryptTokens } from "../app/whatsapp/account.server";
import { sealSessionTokens } from "../app/shopify/session-storage.server";

async function main() {
  // Configuration first: a missing or malformed variable is one line and exit 1 (no Redis needed, so no services
  // check; a database error is reported below as "re-encryption stopped").
  await startOrExit("secrets:reencrypt");
  try {
    const key = currentKeyId();
    const { checked, reencrypted, failedShopIds } = await reencryptTokens();
    console.log(`re-encrypted ${reencrypted} of ${checked} WhatsApp access tokens with key "${key}"`);
    if (failedShopIds.length) {
      console.log(
        `could not decrypt the token of shops ${failedShopIds.join(", ")} (their key is no longer listed): they must reconnect WhatsApp`,
      );
      process.exitCode = 1;
    }
    const sessions = await sealSessionTokens(pool());
    console.log(`sealed ${sessions.sealed} of ${sessions.checked} Shopify session tokens with key "${key}"`);
    if (sessions.failedSessionIds.length) {
      console.log(
        `could not decrypt ${sessions.failedSessionIds.length} session token(s) (their key is no longer listed): those shops must open the app again`,
      );
      process.exitCode = 1;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.log(`cannot re-encrypt: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    console.log(`re-encryption stopped: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await closeDb();
  }
}

void main();
