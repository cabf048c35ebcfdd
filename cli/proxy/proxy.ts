import { once } from "node:events";
import net from "node:net";
import tls from "node:tls";
import {
  completionCheckers,
  getLocal,
  matchers,
  requestSteps,
  type CompletedRequest,
  type CompletedResponse,
  type Headers,
  type Mockttp,
  type RawHeaders,
} from "mockttp";
import type { BreakpointRule } from "../server/settings";
import type { BreakpointHolder, BreakpointRules, Resolution } from "./breakpoints";
import type { DomainMatcher } from "./domains";
import type { Edits, ExchangeFailure } from "./entry";

export interface Exchange {
  request: CompletedRequest;
  response?: CompletedResponse;
  failure?: ExchangeFailure;
  edits?: Edits;
}

export interface ProxyOptions {
  host: string;
  port: number;
  ca: { cert: string; key: string };
  /** Hosts whose TLS is decrypted; every other TLS connection is tunnelled untouched. */
  decrypt: DomainMatcher;
  /** Extra CAs the proxy trusts upstream (PEM), beside the system's. */
  upstreamCAs: string[];
  /** mockttp hands bodies up to this size to the capture; larger ones are forwarded, not kept. */
  maxBodySize: number;
  breakpoints: BreakpointRules;
  holder?: BreakpointHolder;
  onExchange(exchange: Exchange): void;
  onTunnel?(hostname: string, port: number | undefined): void;
  onTlsError?(hostname: string | undefined, cause: string): void;
}

export interface RunningProxy {
  url: string;
  port: number;
  /** Re-reads the breakpoint rules (rule changes swap mockttp's rules; the domain list is live already). */
  refreshRules(): Promise<void>;
  /** Connections and exchanges in flight, for a clean stop. */
  inFlight(): number;
  stop(): Promise<void>;
}

/**
 * mockttp compiles `tlsInterceptOnly` into URL patterns once, at start. It only ever calls
 * `.map()` on the list and `.some(p => p.test(url))` on the result, so one "pattern" that asks
 * the live DomainMatcher makes the decrypt list follow settings without a restart.
 */
function liveInterceptList(decrypt: DomainMatcher): Array<{ hostname: string }> {
  const live = [{ test: (url: string) => decrypt.matches(new URL(url).hostname) }];
  return { map: () => live } as unknown as Array<{ hostname: string }>;
}

const toHeaders = (list: { name: string; value: string }[]): Headers => {
  const headers: Headers = {};
  for (const { name, value } of list) {
    const key = name.toLowerCase();
    const existing = headers[key];
    headers[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return headers;
};

const toRaw = (list: { name: string; value: string }[]): RawHeaders => list.map(({ name, value }) => [name, value]);

const heldRequest = (request: CompletedRequest) => ({
  method: request.method,
  url: request.url,
  httpVersion: request.httpVersion,
  headers: request.rawHeaders.map(([name, value]) => ({ name, value })),
  ...(request.body.buffer.length > 0
    ? { body: { encoding: "base64", content: request.body.buffer.toString("base64") } }
    : {}),
});

const STALE_EXCHANGE_MS = 10 * 60_000;

async function loopbackFreePort(): Promise<number> {
  const probe = net.createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const server: Mockttp = getLocal({
    https: { cert: options.ca.cert, key: options.ca.key, tlsInterceptOnly: liveInterceptList(options.decrypt) },
    recordTraffic: false,
    maxBodySize: options.maxBodySize,
    cors: false,
  });
  const requests = new Map<string, CompletedRequest>();
  const edits = new Map<string, Edits>();
  /** Exchanges waiting at a breakpoint: they may wait longer than the sweep's ten minutes. */
  const heldIds = new Set<string>();

  const finish = (id: string, exchange: Omit<Exchange, "request" | "edits">) => {
    const request = requests.get(id);
    if (!request) return;
    requests.delete(id);
    const edit = edits.get(id);
    edits.delete(id);
    options.onExchange({ request, ...exchange, ...(edit ? { edits: edit } : {}) });
  };
  await server.on("request", (request) => void requests.set(request.id, request));
  // An exchange mockttp never reports as answered or aborted (an upgrade, a vanished client)
  // must not stay in memory forever: after ten minutes it is captured as having no response.
  const sweep = setInterval(() => {
    const cutoff = Date.now() - STALE_EXCHANGE_MS;
    for (const [id, request] of requests)
      if (request.timingEvents.startTime < cutoff && !heldIds.has(id))
        finish(id, { failure: { code: "NO_RESPONSE", message: "No response was seen within ten minutes." } });
  }, 60_000);
  sweep.unref();
  await server.on("response", (response) => finish(response.id, { response }));
  await server.on("abort", (aborted) =>
    finish(aborted.id, {
      failure: {
        code: aborted.error?.code ?? "ABORTED",
        message: aborted.error?.message ?? "The exchange was aborted before a response was sent.",
      },
    }),
  );
  await server.on("tls-passthrough-opened", (event) =>
    options.onTunnel?.(event.destination.hostname, event.destination.port),
  );
  await server.on("tls-client-error", (failure) =>
    options.onTlsError?.(failure.tlsMetadata?.sniHostname ?? failure.destination?.hostname, failure.failureCause),
  );

  // Extra upstream CAs join Node's default store rather than mockttp's additionalTrustedCAs:
  // that option hands every request the whole root list as `ca`, and Node's agent then builds
  // its pool key from all of it per request (a fifth of the proxy's CPU in a profile).
  if (options.upstreamCAs.length > 0)
    tls.setDefaultCACertificates([...tls.getCACertificates("default"), ...options.upstreamCAs]);
  const connection = {};

  const hold = async (
    id: string,
    rule: BreakpointRule,
    phase: "request" | "response",
    held: object,
  ): Promise<Resolution> => {
    heldIds.add(id);
    try {
      return await options.holder!.hold(rule, phase, held);
    } finally {
      heldIds.delete(id);
    }
  };

  const breakpointStep = () =>
    new requestSteps.PassThroughStep({
      ...connection,
      beforeRequest: async (request) => {
        const rule = options.breakpoints.match(request.method, request.url, "request");
        if (!rule || !options.holder) return;
        const resolution = await hold(request.id, rule, "request", { request: heldRequest(request) });
        if (resolution.action === "abort") {
          edits.set(request.id, {});
          return { response: "close" };
        }
        const change = resolution.action === "modify" ? resolution.request : undefined;
        if (!change) return;
        const body = change.body === undefined ? undefined : Buffer.from(change.body);
        edits.set(request.id, {
          request: {
            method: change.method,
            url: change.url,
            headers: change.headers ? toRaw(change.headers) : undefined,
            body,
          },
        });
        return {
          ...(change.method ? { method: change.method } : {}),
          ...(change.url ? { url: change.url } : {}),
          ...(change.headers ? { headers: toHeaders(change.headers) } : {}),
          ...(body ? { body } : {}),
        };
      },
      beforeResponse: async (response, request) => {
        const rule = options.breakpoints.match(request.method, request.url, "response");
        if (!rule || !options.holder) return;
        const resolution = await hold(request.id, rule, "response", {
          request: heldRequest(request),
          response: {
            status: response.statusCode,
            statusText: response.statusMessage ?? "",
            headers: response.rawHeaders.map(([name, value]) => ({ name, value })),
            body: { encoding: "base64", content: response.body.buffer.toString("base64") },
          },
        });
        if (resolution.action === "abort") return "close";
        const change = resolution.action === "modify" ? resolution.response : undefined;
        if (!change) return;
        const body = change.body === undefined ? undefined : Buffer.from(change.body);
        const edit = edits.get(request.id) ?? {};
        edits.set(request.id, {
          ...edit,
          response: { status: change.status, headers: change.headers ? toRaw(change.headers) : undefined, body },
        });
        return {
          ...(change.status ? { statusCode: change.status } : {}),
          ...(change.headers ? { headers: toHeaders(change.headers) } : {}),
          ...(body ? { body } : {}),
        };
      },
    });

  const refreshRules = async () => {
    const rules = [];
    // Only exchanges a breakpoint could hold take the slower, callback-driven path.
    if (options.breakpoints.size > 0 && options.holder)
      rules.push({
        matchers: [
          new matchers.CallbackMatcher((request) => options.breakpoints.matchesAny(request.method, request.url)),
        ],
        steps: [breakpointStep()],
        // Without a checker mockttp counts a rule done after its first match and then prefers the next one.
        completionChecker: new completionCheckers.Always(),
      });
    rules.push({
      matchers: [new matchers.WildcardMatcher()],
      steps: [new requestSteps.PassThroughStep(connection)],
      completionChecker: new completionCheckers.Always(),
    });
    await server.setRequestRules(...rules);
  };
  await refreshRules();

  // mockttp listens on every interface; take its server back and listen where we were told.
  // A numbered port keeps its own retry-on-EADDRINUSE (for port ranges) out of the way.
  await server.start(await loopbackFreePort());
  const internal = (server as unknown as { server: net.Server }).server;
  await new Promise<void>((resolve) => internal.close(() => resolve()));
  internal.listen(options.port, options.host);
  await Promise.race([
    once(internal, "listening"),
    once(internal, "error").then(([error]) => {
      throw error;
    }),
  ]);
  const port = (internal.address() as net.AddressInfo).port;

  return {
    url: `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`,
    port,
    refreshRules,
    inFlight: () => requests.size + heldIds.size,
    async stop() {
      clearInterval(sweep);
      options.holder?.releaseAll();
      await server.stop();
    },
  };
}
