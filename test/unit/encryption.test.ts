// Secrets at rest: AES-256-GCM, the first key encrypts and every listed key decrypts (rotation), tampering and
// a missing key are refused with a message that never contains key material.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../app/env.server";
import { decryptSecret, encryptSecret, parseKeys } from "../../app/lib/encryption.server";

const key = (byte: number) => Buffer.alloc(32, byte).toString("base64");

describe("encryption", () => {
  it("round-trips, with a fresh IV every time", () => {
    const keys = parseKeys(`k1:${key(1)}`);
    const a = encryptSecret("EAAG-secret-token", keys);
    const b = encryptSecret("EAAG-secret-token", keys);
    expect(a.keyId).toBe("k1");
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain("EAAG");
    expect(decryptSecret(a, keys)).toBe("EAAG-secret-token");
  });

  it("decrypts with an older key after rotation and encrypts with the new one", () => {
    const old = parseKeys(`k1:${key(1)}`);
    const sealed = encryptSecret("token", old);
    const rotated = parseKeys(`k2:${key(2)},k1:${key(1)}`);
    expect(decryptSecret(sealed, rotated)).toBe("token");
    expect(encryptSecret("token", rotated).keyId).toBe("k2");
    expect(() => decryptSecret(sealed, parseKeys(`k2:${key(2)}`))).toThrow(/no key "k1"/);
  });

  it("refuses a tampered value or one relabelled with another key id", () => {
    const keys = parseKeys(`k1:${key(1)},k2:${key(1)}`);
    const sealed = encryptSecret("token", keys);
    const raw = Buffer.from(sealed.ciphertext, "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecret({ ...sealed, ciphertext: raw.toString("base64") }, keys)).toThrow(/tampered/);
    // Same key material under another id: the id is authenticated data, so this fails too.
    expect(() => decryptSecret({ ...sealed, keyId: "k2" }, keys)).toThrow(/tampered/);
  });

  it("explains a malformed ENCRYPTION_KEYS without printing the key", () => {
    expect(() => parseKeys(undefined)).toThrow(ConfigError);
    expect(() => parseKeys("nokey")).toThrow(/entry 1 must look like keyId:base64/);
    expect(() => parseKeys(`a:${Buffer.alloc(16).toString("base64")}`)).toThrow(/must be 32 bytes/);
    expect(() => parseKeys(`a:${key(1)},a:${key(2)}`)).toThrow(/same key id twice/);
    try {
      parseKeys(`a:${Buffer.alloc(16, 9).toString("base64")}`);
    } catch (err) {
      expect((err as Error).message).not.toContain(Buffer.alloc(16, 9).toString("base64"));
    }
  });
});
