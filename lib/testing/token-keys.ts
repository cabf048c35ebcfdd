import { generateSigningKey, type TokenKeys } from "@/lib/auth/token-keys";
import { defaultSigningMode } from "./local-supabase";

/**
 * Token keys for tests that need no Supabase project, in the suite's signing mode
 * (`BUSYMATE_TEST_JWT_SIGNING=asymmetric` → a fresh ES256 key; else the given legacy secret).
 */
export async function testTokenKeys(secret: string): Promise<TokenKeys> {
  return defaultSigningMode() === "asymmetric"
    ? { mode: "asymmetric", current: generateSigningKey(), trusted: [] }
    : { mode: "legacy", secret };
}
