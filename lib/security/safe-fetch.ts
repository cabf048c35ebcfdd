import type { LookupAddress } from "node:dns";
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import { mayConnect } from "./outbound-address";

/**
 * fetch() for URLs a user handed us (an OAuth client-ID metadata document, and any future
 * such URL): it resolves the name first and refuses unless every address is public
 * (outbound-address.ts), then connects to exactly those checked addresses (no second lookup
 * an attacker's DNS could answer differently), never follows a redirect (a 3xx comes back as
 * it is), and bounds the time and the bytes it reads. Operator-configured URLs (the model
 * server, search, Telegram, Supabase) are trusted and use plain fetch.
 */
export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Tests' loopback servers (BUSYMATE_FETCH_ALLOW_LOOPBACK); private ranges stay refused. */
  allowLoopback: boolean;
  method?: string;
  headers?: HeadersInit;
  signal?: AbortSignal;
}

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

async function checkedAddresses(hostname: string, allowLoopback: boolean): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const found = net.isIP(bare)
    ? [{ address: bare, family: net.isIP(bare) }]
    : await dns.lookup(bare, { all: true, verbatim: true }).catch(() => {
        throw new OutboundRefused(`${bare} does not resolve`);
      });
  if (found.length === 0) throw new OutboundRefused(`${bare} does not resolve`);
  const bad = found.find((entry) => !mayConnect(entry.address, allowLoopback));
  if (bad) throw new OutboundRefused(`${bare} resolves to ${bad.address}, a non-public address`);
  return found;
}

/** A lookup that answers only with the addresses already checked. */
function pinned(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

export async function safeFetch(input: string | URL, options: SafeFetchOptions): Promise<Response> {
  const url = new URL(input);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new OutboundRefused(`${url.protocol} URLs are not fetched`);
  if (url.username || url.password) throw new OutboundRefused("URLs with credentials are not fetched");
  const addresses = await checkedAddresses(url.hostname, options.allowLoopback);
  const transport = url.protocol === "https:" ? https : http;
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  const headers = Object.fromEntries(new Headers(options.headers).entries());

  return new Promise<Response>((resolve, reject) => {
    const request = transport.request(
      url,
      { method: options.method ?? "GET", headers, lookup: pinned(addresses), signal, agent: false },
      (response) => {
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          response.destroy();
          reject(new OutboundRefused(`the answer is larger than ${options.maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxBytes) {
            response.destroy();
            reject(new OutboundRefused(`the answer is larger than ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("error", reject);
        response.on("end", () => {
          const status = response.statusCode ?? 502;
          const out = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (Array.isArray(value)) value.forEach((v) => out.append(name, v));
            else if (value !== undefined) out.set(name, value);
          }
          resolve(
            new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), { status, headers: out }),
          );
        });
      },
    );
    request.on("error", (error) =>
      reject(signal.aborted ? new OutboundRefused(`no answer within ${options.timeoutMs} ms`) : error),
    );
    request.end();
  });
}
