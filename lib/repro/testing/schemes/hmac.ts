import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { Issuer, noise, startReplayServer, type ReplayRequest } from "../replay-server";
import { secret, type SchemeCase } from "../scheme-case";

const SCHEME = {
  error: "signature_required",
  message: "Sign every request with your API secret.",
  signature: {
    algorithm: "HMAC-SHA256",
    header: "X-Signature",
    encoding: "hex",
    timestamp_header: "X-Timestamp",
    string_to_sign: "{method}\n{path}\n{timestamp}\n{body_sha256}",
  },
};

/**
 * An API key plus an HMAC-SHA256 signature over method, path, timestamp and body hash. The
 * scheme is stated only in the 401 an unsigned request gets; writes need a fresh idempotency key.
 */
export const hmacSignature: SchemeCase = {
  name: "API key with an HMAC request signature stated in a 401",
  scheme: "api-key-hmac-signature",
  milestones: ["read", "write"],
  wrong: "apiSecret",
  credentials: () => ({ apiKey: `key_${randomBytes(12).toString("hex")}`, apiSecret: secret("whsec") }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const seenKeys = new Set<string>();
    const verify = (request: ReplayRequest) => {
      if (request.headers["x-api-key"] !== credentials.apiKey) return "unknown API key";
      const ts = Number(request.headers["x-timestamp"]);
      if (!request.headers["x-signature"] || !ts) return "unsigned";
      if (Math.abs(Date.now() / 1000 - ts) > 300) return "stale timestamp";
      const text = [
        request.method,
        request.url.pathname + request.url.search,
        request.headers["x-timestamp"],
        createHash("sha256").update(request.body).digest("hex"),
      ].join("\n");
      const expected = createHmac("sha256", credentials.apiSecret).update(text).digest("hex");
      return expected === request.headers["x-signature"] ? null : "bad signature";
    };
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      const problem = verify(request);
      if (problem) return { status: 401, json: { ...SCHEME, detail: problem } };
      const path = request.url.pathname;
      if (path === "/v1/balance" && request.method === "GET") {
        done.add("read");
        return { status: 200, json: { available: 1200, currency: "EUR" } };
      }
      if (path === "/v1/transfers" && request.method === "POST") {
        const key = request.headers["idempotency-key"];
        if (!key || seenKeys.has(key)) return { status: 409, json: { error: "idempotency key missing or reused" } };
        seenKeys.add(key);
        done.add("write");
        return { status: 201, json: { id: issuer.issue("transfer"), status: "pending" } };
      }
      return { status: 404, json: { error: "not_found" } };
    });
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [origin] = server.origins;
    const signed = (method: string, path: string, body: string) => {
      const ts = String(Math.floor(Date.now() / 1000));
      const text = [method, path, ts, createHash("sha256").update(body).digest("hex")].join("\n");
      return {
        "X-Api-Key": credentials.apiKey,
        "X-Timestamp": ts,
        "X-Signature": createHmac("sha256", credentials.apiSecret).update(text).digest("hex"),
      };
    };
    await rec.noise(origin);
    await rec.send(`${origin}/v1/balance`, { headers: { "X-Api-Key": credentials.apiKey } });
    await rec.send(`${origin}/v1/balance`, { headers: signed("GET", "/v1/balance", "") });
    const body = JSON.stringify({ amount: 5, currency: "EUR", to: "acct_2" });
    await rec.send(`${origin}/v1/transfers`, {
      headers: {
        ...signed("POST", "/v1/transfers", body),
        "Content-Type": "application/json",
        "Idempotency-Key": randomUUID(),
      },
      body,
    });
  },
};
