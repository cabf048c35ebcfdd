import { createHash, randomBytes } from "node:crypto";

/**
 * The two device secrets and how they are stored.
 *  - Pairing code: 10 Crockford base32 characters shown as XXXXX-XXXXX (50 bits), made by the
 *    database (`busymate_identity.new_pairing_code`), stored as SHA-256 of the bare characters.
 *  - Device credential: `bmd_` + 256 random bits, stored as its SHA-256. A fast hash suffices
 *    because neither secret can be guessed; a slow one would only slow the token endpoint.
 */

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** What a person may type for a code: any case, dashes or spaces, O for 0 and I/L for 1. */
export function normalisePairingCode(input: string): string | null {
  const bare = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return CROCKFORD.test(bare) ? bare : null;
}

export function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export const CREDENTIAL_PREFIX = "bmd_";

export function newDeviceCredential(): string {
  return `${CREDENTIAL_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function looksLikeCredential(value: string): boolean {
  return /^bmd_[A-Za-z0-9_-]{43}$/.test(value);
}
