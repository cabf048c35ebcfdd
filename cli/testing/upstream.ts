import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A real HTTPS server on loopback with its own CA (made with openssl, unrelated to the CLI's),
 * answering for `localhost` and `127.0.0.1`: the upstream the proxy forwards to in tests.
 */

export interface Upstream {
  url(host: "localhost" | "127.0.0.1", pathAndQuery: string): string;
  port: number;
  caPath: string;
  /** Requests as the server saw them (after any breakpoint edit). */
  seen: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }[];
  /** TLS connections accepted so far (connection reuse shows as few). */
  connections(): number;
  close(): Promise<void>;
}

export function makeTestCertificates(): { dir: string; caPath: string; keyPath: string; certPath: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "busymate-upstream-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Busymate test upstream CA",
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.pem"),
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
  );
  writeFileSync(file("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  openssl(
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    file("ext.cnf"),
    "-out",
    file("server.pem"),
  );
  return { dir, caPath: file("ca.pem"), keyPath: file("server.key"), certPath: file("server.pem") };
}

export async function startUpstream({ record = true } = {}): Promise<Upstream> {
  const certs = makeTestCertificates();
  const seen: Upstream["seen"] = [];
  const server = https.createServer(
    { key: readFileSync(certs.keyPath), cert: readFileSync(certs.certPath) },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (record) seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        const url = new URL(request.url!, "https://upstream");
        if (url.pathname === "/big") {
          const size = Number(url.searchParams.get("bytes") ?? 1_000_000);
          response.writeHead(200, { "content-type": "application/octet-stream", "content-length": size });
          response.end(randomBytes(size));
          return;
        }
        const answer = JSON.stringify({ ok: true, method: request.method, path: url.pathname, received: body });
        response.writeHead(url.pathname === "/teapot" ? 418 : 200, "Fine Thanks", [
          ["Content-Type", "application/json"],
          ["Set-Cookie", "a=1; Path=/"],
          ["Set-Cookie", "b=2; Path=/"],
          ["X-Upstream", "yes"],
        ]);
        response.end(answer);
      });
    },
  );
  server.keepAliveTimeout = 30_000;
  let connections = 0;
  server.on("secureConnection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    caPath: certs.caPath,
    seen,
    connections: () => connections,
    url: (host, pathAndQuery) => `https://${host}:${port}${pathAndQuery}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(certs.dir, { recursive: true, force: true });
    },
  };
}

export interface CurlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** curl through a proxy, trusting only `caPath`: it fails unless the certificate it meets chains to that CA. */
export function curl(proxy: string, url: string, caPath: string, extra: string[] = []): Promise<CurlResult> {
  return new Promise((resolve) => {
    // Asynchronous on purpose: the upstream answering curl runs in this very process.
    execFile(
      "curl",
      [
        "--silent",
        "--show-error",
        "--fail-with-body",
        "--max-time",
        "20",
        "--proxy",
        proxy,
        "--cacert",
        caPath,
        ...extra,
        url,
      ],
      { env: { ...process.env, NO_PROXY: "", no_proxy: "" } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
