import { decodeJwt } from "jose";
import type { RequestRole } from "@/lib/db/with-claims";
import { JwtError, verifyJwt, type ApiKeys } from "../keys";

/** Claims of a verified Realtime token: `role` and `exp` are required, as Realtime requires them. */
export interface RealtimeClaims {
  role: string;
  exp: number;
  sub?: string;
  [claim: string]: unknown;
}

export type TokenCheck =
  | { ok: true; claims: RealtimeClaims }
  /** `code` and `message` as Realtime logs and replies them ("<Code>: <message>"). */
  | { ok: false; code: string; message: string };

const DATABASE_ROLES: ReadonlySet<string> = new Set<RequestRole>(["anon", "authenticated", "device", "service_role"]);

/** Whether the stand-in may run SQL as this role (RLS probes, postgres_changes checks). */
export function isDatabaseRole(role: string): role is RequestRole {
  return DATABASE_ROLES.has(role);
}

/** Verifies a token as Realtime's `confirm_token` does, with its error codes and messages. */
export async function checkToken(keys: ApiKeys, token: string): Promise<TokenCheck> {
  // Realtime strips whitespace (and URI-decodes) before verifying.
  const cleaned = token.replace(/\s/g, "");
  try {
    const claims = await verifyJwt(keys, cleaned);
    if (typeof claims.role !== "string" || typeof claims.exp !== "number") {
      return { ok: false, code: "InvalidJWTToken", message: "Fields `role` and `exp` are required in JWT" };
    }
    return { ok: true, claims: claims as RealtimeClaims };
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    if (error.problem === "expired") {
      const exp = safeExp(cleaned);
      return {
        ok: false,
        code: "InvalidJWTToken",
        message: `Token has expired ${exp === undefined ? 0 : Math.max(0, Math.floor(Date.now() / 1000) - exp)} seconds ago`,
      };
    }
    if (error.problem === "malformed" || !decodable(cleaned)) {
      return { ok: false, code: "MalformedJWT", message: "The token provided is not a valid JWT" };
    }
    return { ok: false, code: "JwtSignatureError", message: "Failed to validate JWT signature" };
  }
}

function safeExp(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === "number" ? exp : undefined;
  } catch {
    return undefined;
  }
}

function decodable(token: string): boolean {
  try {
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

/** How the upgrade is refused (Realtime's `user_socket.ex` answers `{"error": …}`). */
export function upgradeRefusal(check: Extract<TokenCheck, { ok: false }>): { status: number; error: string } {
  if (check.code === "InvalidJWTToken" && check.message.startsWith("Token has expired"))
    return { status: 401, error: "Token has expired" };
  return { status: 401, error: check.message };
}
