import { hex, integer, pick, seededRandom, weighted, type Random } from "./random";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * The network side of generated captures: which infrastructure answers a host (server
 * header, certificate issuer, IP range, CDN headers), TLS, HAR timings and transport errors.
 * Per-host facts derive from a hash of the host name, so a host keeps one IP and one
 * certificate across a sequence without costing draws from the sequence's PRNG.
 */

export type Network =
  | "acme"
  | "cloudfront"
  | "aws"
  | "cloudflare"
  | "fastly"
  | "google"
  | "github"
  | "meta"
  | "microsoft"
  | "apple"
  | "stripe";

type Header = { name: string; value: string };
type Timings = NonNullable<TrafficLogEntry["timings"]>;
type Tls = NonNullable<TrafficLogEntry["tls"]>;
type Certificate = NonNullable<Tls["certificate"]>;

interface Profile {
  servers: readonly string[];
  issuer: string;
  /** First two octets of the addresses the network answers from. */
  ipPrefix: string;
  certificateDays: number;
  headers?: (random: Random) => Header[];
}

const POPS = ["FRA", "AMS", "LHR", "CDG", "IAD", "SJC"];

const PROFILES: Record<Network, Profile> = {
  acme: { servers: ["nginx"], issuer: "CN=R11, O=Let's Encrypt, C=US", ipPrefix: "54.93", certificateDays: 90 },
  cloudfront: {
    servers: ["AmazonS3", "CloudFront"],
    issuer: "CN=Amazon RSA 2048 M02, O=Amazon, C=US",
    ipPrefix: "18.160",
    certificateDays: 395,
    headers: (random) => [
      { name: "x-cache", value: random() < 0.85 ? "Hit from cloudfront" : "Miss from cloudfront" },
      { name: "x-amz-cf-pop", value: `${pick(random, POPS)}56-P${integer(random, 1, 9)}` },
    ],
  },
  aws: {
    servers: ["envoy", "awselb/2.0", "nginx"],
    issuer: "CN=Amazon RSA 2048 M03, O=Amazon, C=US",
    ipPrefix: "52.28",
    certificateDays: 395,
    headers: (random) => [{ name: "x-amzn-requestid", value: hex(random, 32) }],
  },
  cloudflare: {
    servers: ["cloudflare"],
    issuer: "CN=WE1, O=Google Trust Services, C=US",
    ipPrefix: "104.18",
    certificateDays: 90,
    headers: (random) => [
      { name: "cf-ray", value: `${hex(random, 16)}-${pick(random, POPS)}` },
      { name: "cf-cache-status", value: pick(random, ["DYNAMIC", "HIT", "MISS"]) },
    ],
  },
  fastly: {
    servers: ["Varnish"],
    issuer: "CN=GlobalSign Atlas R3 DV TLS CA 2025 Q1, O=GlobalSign nv-sa, C=BE",
    ipPrefix: "151.101",
    certificateDays: 180,
    headers: (random) => [
      { name: "x-served-by", value: `cache-fra-eddf82${integer(random, 10, 99)}-FRA` },
      { name: "x-cache", value: "HIT, HIT" },
    ],
  },
  google: {
    servers: ["ESF", "Google Frontend", "sffe", "scaffolding on HTTPServer2"],
    issuer: "CN=WR2, O=Google Trust Services, C=US",
    ipPrefix: "142.250",
    certificateDays: 84,
  },
  github: {
    servers: ["github.com"],
    issuer: "CN=Sectigo ECC Domain Validation Secure Server CA, O=Sectigo Limited, C=GB",
    ipPrefix: "140.82",
    certificateDays: 365,
    headers: (random) => [
      {
        name: "x-github-request-id",
        value: `${hex(random, 4).toUpperCase()}:${hex(random, 6).toUpperCase()}:${hex(random, 7).toUpperCase()}`,
      },
    ],
  },
  meta: {
    servers: ["proxygen-bolt"],
    issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
    ipPrefix: "157.240",
    certificateDays: 90,
    headers: (random) => [{ name: "x-fb-trace-id", value: hex(random, 11) }],
  },
  microsoft: {
    servers: ["Microsoft-HTTPAPI/2.0"],
    issuer: "CN=Microsoft Azure RSA TLS Issuing CA 04, O=Microsoft Corporation, C=US",
    ipPrefix: "20.190",
    certificateDays: 180,
    headers: (random) => [{ name: "x-ms-request-id", value: hex(random, 32) }],
  },
  apple: {
    servers: ["Apple"],
    issuer: "CN=Apple Public Server RSA CA 12 - G1, O=Apple Inc., ST=California, C=US",
    ipPrefix: "17.253",
    certificateDays: 180,
  },
  stripe: {
    servers: ["nginx"],
    issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
    ipPrefix: "34.200",
    certificateDays: 365,
    headers: (random) => [{ name: "request-id", value: `req_${hex(random, 14)}` }],
  },
};

/** FNV-1a: a stable 32-bit number per host name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const serverHeader = (random: Random, network: Network) => pick(random, PROFILES[network].servers);
export const networkHeaders = (random: Random, network: Network): Header[] => PROFILES[network].headers?.(random) ?? [];

export function serverIp(host: string, network: Network): string {
  const h = hash(host);
  return `${PROFILES[network].ipPrefix}.${(h >>> 8) & 0xff}.${(h & 0xfe) + 1}`;
}

const DAY = 86_400_000;

/** The host's certificate as seen around `reference`: issued some time before, still valid. */
export function certificate(host: string, network: Network, reference: Date): Certificate {
  const h = hash(host);
  const profile = PROFILES[network];
  const labels = host.split(".");
  const subject = labels.length > 2 && h % 3 === 0 ? `*.${labels.slice(1).join(".")}` : host;
  const validFrom = new Date(
    Math.floor((reference.getTime() - ((h % Math.floor(profile.certificateDays * 0.6)) + 1) * DAY) / DAY) * DAY,
  );
  const fingerprint = hex(seededRandom(h), 64)
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1:");
  return {
    subject: `CN=${subject}`,
    issuer: profile.issuer,
    validFrom: validFrom.toISOString(),
    validTo: new Date(validFrom.getTime() + profile.certificateDays * DAY - 1000).toISOString(),
    fingerprintSha256: fingerprint,
  };
}

const TLS13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];
const TLS12 = ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"];

export function tls(random: Random, host: string, alpn: string, cert: Certificate | undefined): Tls {
  const modern = random() < 0.92;
  return {
    version: modern ? "TLSv1.3" : "TLSv1.2",
    cipher: pick(random, modern ? TLS13 : TLS12),
    serverName: host,
    alpn,
    ...(cert ? { certificate: { ...cert } } : {}),
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
/** Roughly log-normal around `median`: most calls are quick, a few very slow. */
const spread = (random: Random, median: number) => median * Math.exp((random() + random() + random() - 1.5) * 1.3);

export interface TimingInput {
  newConnection: boolean;
  secure: boolean;
  latency: number;
  requestBytes: number;
  responseBytes: number;
}

/** HAR timings and their total; ssl is part of connect, as HAR counts it. */
export function timings(random: Random, input: TimingInput): { timings: Timings; total: number } {
  const rtt = 8 + random() * 40;
  const blocked = round(random() * 3);
  const dns = input.newConnection && random() < 0.6 ? round(1 + random() * 35) : -1;
  const ssl = input.newConnection && input.secure ? round(rtt * (1 + random())) : -1;
  const connect = input.newConnection ? round(rtt + Math.max(ssl, 0)) : -1;
  const send = round(0.05 + random() * 0.5 + input.requestBytes / 400_000);
  const wait = round(rtt + spread(random, input.latency));
  const receive = round(0.2 + random() * 3 + input.responseBytes / 2_000_000);
  const total = round(blocked + Math.max(dns, 0) + Math.max(connect, 0) + send + wait + receive);
  return { timings: { blocked, dns, connect, ssl, send, wait, receive }, total };
}

type Failure = "dns" | "connect" | "tls" | "reset" | "timeout";

export interface TransportError {
  stage: Failure;
  error: NonNullable<TrafficLogEntry["error"]>;
  /** How long the client waited before giving up, in ms. */
  elapsed: number;
}

const failure = weighted<Failure>([
  ["dns", 25],
  ["connect", 15],
  ["tls", 20],
  ["reset", 20],
  ["timeout", 20],
]);

export function transportError(random: Random, host: string, ip: string, secure: boolean): TransportError {
  let stage = failure(random);
  if (stage === "tls" && !secure) stage = "reset";
  switch (stage) {
    case "dns":
      return {
        stage,
        error: { code: "ENOTFOUND", message: `getaddrinfo ENOTFOUND ${host}` },
        elapsed: round(5 + random() * 300),
      };
    case "connect":
      return {
        stage,
        error: { code: "ECONNREFUSED", message: `connect ECONNREFUSED ${ip}:${secure ? 443 : 80}` },
        elapsed: round(20 + random() * 200),
      };
    case "tls":
      return {
        stage,
        error: {
          code: "TLS_HANDSHAKE_FAILED",
          message: "SSL handshake failed: the client rejected the certificate (certificate pinning)",
        },
        elapsed: round(40 + random() * 150),
      };
    case "reset":
      return {
        stage,
        error: { code: "ECONNRESET", message: "The network connection was lost." },
        elapsed: round(100 + random() * 5_000),
      };
    case "timeout":
      return {
        stage,
        error: { code: "ETIMEDOUT", message: "The request timed out." },
        elapsed: pick(random, [30_000, 60_000]) + round(random() * 50),
      };
  }
}
