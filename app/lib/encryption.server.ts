// Secrets at rest (the WhatsApp access token): AES-256-GCM with a random 96-bit IV per value and the key id
// stored next to the ciphertext. ENCRYPTION_KEYS = "keyId:base64(32 bytes)[,keyId:base64,…]": the first key
// encrypts, every listed key decrypts. Rotation: put a new key first, run `npm run secrets:reencrypt`
// (scripts/reencrypt-secrets.ts), then drop the old key. See docs/deploy.md "Key rotation".
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { ConfigError, getEnv } from "../env.server";

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface Sealed {
  keyId: string;
  /** base64(iv ‖ auth tag ‖ ciphertext) */
  ciphertext: string;
}

/** Parses ENCRYPTION_KEYS; a malformed value is a ConfigError naming the bad entry (never its key material). */
export function parseKeys(value: string | undefined): EncryptionKey[] {
  if (!value?.trim()) {
    throw new ConfigError(
      "ENCRYPTION_KEYS is not set: give at least one key as keyId:base64(32 random bytes), e.g. from `openssl rand -base64 32`",
    );
  }
  const keys = value.split(",").map((entry, i) => {
    const [id, b64, ...rest] = entry.trim().split(":");
    if (!id || !b64 || rest.length || !KEY_ID.test(id)) {
      throw new ConfigError(
        `ENCRYPTION_KEYS entry ${i + 1} must look like keyId:base64 (key id letters, digits, _ or -)`,
      );
    }
    const key = Buffer.from(b64, "base64");
    if (key.length !== 32)
      throw new ConfigError(`ENCRYPTION_KEYS key "${id}" must be 32 bytes of base64 (it is ${key.length})`);
    return { id, key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new ConfigError("ENCRYPTION_KEYS lists the same key id twice");
  return keys;
}

let cached: { source: string | undefined; keys: EncryptionKey[] } | undefined;

function keys(): EncryptionKey[] {
  const source = getEnv().ENCRYPTION_KEYS;
  if (!cached || cached.source !== source) cached = { source, keys: parseKeys(source) };
  return cached.keys;
}

/** The id of the key new values are encrypted with. */
export function currentKeyId(): string {
  return keys()[0]!.id;
}

export function encryptSecret(plaintext: string, keyList: EncryptionKey[] = keys()): Sealed {
  const { id, key } = keyList[0]!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  // The key id is authenticated too: a ciphertext cannot be replayed under another key's label.
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: id, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64") };
}

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

export function decryptSecret(sealed: Sealed, keyList: EncryptionKey[] = keys()): string {
  const entry = keyList.find((k) => k.id === sealed.keyId);
  if (!entry) {
    throw new DecryptionError(
      `no key "${sealed.keyId}" in ENCRYPTION_KEYS: keep old keys listed until every secret is re-encrypted`,
    );
  }
  const raw = Buffer.from(sealed.ciphertext, "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new DecryptionError("stored secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", entry.key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(entry.id));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError(
      `stored secret does not decrypt with key "${entry.id}" (wrong key material or tampered value)`,
    );
  }
}

/** For tests: forget the parsed keys. */
export function resetKeysForTests() {
  cached = undefined;
}
