import { createSecretKey, type KeyObject } from "node:crypto";

/**
 * The project's JWT secret as a KeyObject, made once per secret: importing the key is the
 * most expensive part of an HS256 verification after the first call, so it is cached.
 */
const keys = new Map<string, KeyObject>();

export function jwtSecretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, "utf8"));
    keys.set(secret, key);
  }
  return key;
}
