import { hex, integer, pick, token, uuid, type Random } from "./random";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * Per-device state of generated captures, so one device looks like one person: the same
 * bearer token until it is refreshed, the same cookies, user agent, cart and connections.
 * Everything expensive (JWTs, ids) is made here once, not per entry.
 */

type Source = TrafficLogEntry["source"];
type Client = NonNullable<TrafficLogEntry["client"]>;

const IOS_APP = [
  "AcmeShop/4.12.0 (com.acme.shop; build:4120; iOS 26.1.0) Alamofire/5.10.2",
  "AcmeShop/4120 CFNetwork/3860.100.1 Darwin/25.1.0",
];
const IOS_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 26_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1";
const CHROME = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
];
const ANDROID_APP = ["AcmeShop/4.12.0 (Android 15; Pixel 9) okhttp/4.12.0", "okhttp/4.12.0"];
const CLI = [
  ["curl", "curl/8.7.1"],
  ["python3", "python-requests/2.32.3"],
  ["node", "node"],
  ["http", "HTTPie/3.2.4"],
] as const;

const FIRST_NAMES = ["mia", "noah", "lena", "omar", "sofia", "jonas", "aiko", "liam", "emma", "ravi"];

export interface Session {
  source: Source;
  userId: number;
  email: string;
  accessToken: string;
  refreshToken: string;
  sessionCookie: string;
  analyticsCookie: string;
  cartId: string;
  anonymousId: string;
  installationId: string;
  appUserAgent: string;
  webUserAgent: string;
  /** The client process; web requests on a phone come from Safari instead. */
  client: Client;
  webClient: Client;
  /** Open connection per host: its HAR id, local port and when it was last used. */
  connections: Map<string, { id: string; port: number; lastUsed: number }>;
}

const base64url = (text: string) => btoa(text).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const JWT_HEADER = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "acme-2026-1" }));

/** Decodes like a real access token (header.claims.signature); the signature is noise. */
export function jwt(random: Random, userId: number, issuedAt: Date): string {
  const iat = Math.floor(issuedAt.getTime() / 1000);
  const claims = base64url(
    JSON.stringify({
      iss: "https://auth.acme-shop.com",
      sub: `usr_${userId}`,
      aud: "acme-shop-ios",
      iat,
      exp: iat + 3600,
      scope: "shop:read shop:write",
    }),
  );
  return `${JWT_HEADER}.${claims}.${token(random, 43)}`;
}

/** A new access/refresh token pair, as after a login or refresh. */
export function rotateTokens(random: Random, session: Session, at: Date): void {
  session.accessToken = jwt(random, session.userId, at);
  session.refreshToken = `rt_${token(random, 40)}`;
}

function clients(
  random: Random,
  source: Source,
  deviceIndex: number,
): { client: Client; webClient: Client; app: string; web: string } {
  const localIp = `${source === "vpn" ? "10.8.0" : "192.168.1"}.${deviceIndex + 2}`;
  switch (source) {
    case "vpn":
    case "pac": {
      const app = pick(random, IOS_APP);
      const identity = source === "vpn" ? { processName: "AcmeShop", bundleId: "com.acme.shop" } : { userAgent: app };
      const webIdentity =
        source === "vpn" ? { processName: "Safari", bundleId: "com.apple.mobilesafari" } : { userAgent: IOS_SAFARI };
      return { client: { ip: localIp, ...identity }, webClient: { ip: localIp, ...webIdentity }, app, web: IOS_SAFARI };
    }
    case "cdp": {
      const chrome = pick(random, CHROME);
      const client = { processName: "Google Chrome", userAgent: chrome };
      return { client, webClient: client, app: chrome, web: chrome };
    }
    case "proxy": {
      const app = pick(random, ANDROID_APP);
      return {
        client: { ip: localIp, userAgent: app },
        webClient: { ip: localIp, userAgent: CHROME[0] },
        app,
        web: CHROME[0],
      };
    }
    case "cli": {
      const [processName, userAgent] = pick(random, CLI);
      const client = { processName, userAgent };
      return { client, webClient: client, app: userAgent, web: userAgent };
    }
  }
}

export function createSession(random: Random, source: Source, deviceIndex: number, at: Date): Session {
  const userId = integer(random, 100_000, 999_999);
  const { client, webClient, app, web } = clients(random, source, deviceIndex);
  const session: Session = {
    source,
    userId,
    email: `${pick(random, FIRST_NAMES)}.${hex(random, 4)}@example.com`,
    accessToken: "",
    refreshToken: "",
    sessionCookie: token(random, 32),
    analyticsCookie: `GA1.1.${integer(random, 100_000_000, 999_999_999)}.${Math.floor(at.getTime() / 1000)}`,
    cartId: `cart_${token(random, 14)}`,
    anonymousId: uuid(random),
    installationId: token(random, 22),
    appUserAgent: app,
    webUserAgent: web,
    client,
    webClient,
    connections: new Map(),
  };
  rotateTokens(random, session, at);
  return session;
}
