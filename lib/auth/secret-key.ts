import { createSecretKey, webcrypto, type KeyObject } from "node:crypto";

/**
 * The project's JWT secret as key objects, made once per secret. jose verifies fastest with a
 * WebCrypto CryptoKey imported once (≈ 70 µs a call against ≈ 190 µs when handed a KeyObject
 * or raw bytes, which it re-imports every time), so verification and signing use that;
 * oidc-provider's synchronous configuration takes the KeyObject.
 */
const keyObjects = new Map<string, KeyObject>();
const cryptoKeys = new Map<string, Promise<CryptoKey>>();

export function jwtSecretKey(secret: string): KeyObject {
  let key = keyObjects.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, "utf8"));
    keyObjects.set(secret, key);
  }
  return key;
}

export function jwtCryptoKey(secret: string): Promise<CryptoKey> {
  let key = cryptoKeys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    ) as Promise<CryptoKey>;
    cryptoKeys.set(secret, key);
  }
  return key;
}
