/**
 * What a literal the capture sent is, judged by the name it travels under: something the
 * person supplies (a password, an API key), something the program makes fresh (a PKCE
 * verifier, a state, a timestamp), or neither.
 */

export type SlotKind = "query" | "form" | "json" | "header" | "path" | "body" | "cookie";

export type Classified =
  | { kind: "env"; base: string; description: string }
  | { kind: "pkce-verifier" }
  | { kind: "pkce-challenge"; plain: boolean }
  | { kind: "random"; base: string; why: string }
  | { kind: "timestamp"; unit: "s" | "ms" }
  | { kind: "uuid" };

const flat = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

const PASSWORD = /^(?:password|passwd|pwd|pass|passphrase|pin)$|password$/;
const IDENTITY = /^(?:username|user|login|email|emailaddress|identifier|phone|phonenumber|account|userid|loginid)$/;

export function classify(
  name: string,
  value: string,
  kind: SlotKind,
  context: { capturedAt: number; challengeMethod?: string },
): Classified | null {
  const n = flat(name);
  if (kind === "path" || kind === "body") return null;
  if (PASSWORD.test(n)) return { kind: "env", base: "PASSWORD", description: "the account's password" };
  if (IDENTITY.test(n))
    return n.includes("email")
      ? { kind: "env", base: "EMAIL", description: "the account's email address" }
      : { kind: "env", base: "USERNAME", description: "the account's user name" };
  if (n === "clientid") return { kind: "env", base: "CLIENT_ID", description: "the OAuth client id the app uses" };
  if (n === "clientsecret") return { kind: "env", base: "CLIENT_SECRET", description: "the OAuth client secret" };
  if (n === "key" || n.endsWith("apikey") || n === "xgoogapikey")
    return { kind: "env", base: "API_KEY", description: `the API key (sent as ${kind} ${name})` };
  if (n === "codeverifier") return { kind: "pkce-verifier" };
  if (n === "codechallenge")
    return { kind: "pkce-challenge", plain: context.challengeMethod?.toLowerCase() === "plain" };
  if ((n === "state" || n === "nonce") && kind !== "header")
    return { kind: "random", base: n.toUpperCase(), why: `a fresh ${n} the client chooses` };
  if (kind === "header" && /idempotency|nonce|requestid|correlationid/.test(n)) return { kind: "uuid" };
  if (/^\d{10}$|^\d{13}$/.test(value)) {
    const unit = value.length === 10 ? "s" : "ms";
    const ms = unit === "s" ? Number(value) * 1000 : Number(value);
    if (Math.abs(ms - context.capturedAt) < 2 * 86_400_000) return { kind: "timestamp", unit };
  }
  return null;
}
