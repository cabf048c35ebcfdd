import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createEntryGenerator } from "@/lib/generator";
import { buildRepro, type Language } from "./index";
import { statedSignature } from "./signature";
import { record, runAgainstFresh, runProgram, type Recording } from "./testing/harness";
import type { SchemeCase } from "./testing/scheme-case";
import { basicSession } from "./testing/schemes/basic-session";
import { cookieCsrf } from "./testing/schemes/cookie-csrf";
import { firebase } from "./testing/schemes/firebase";
import { graphql } from "./testing/schemes/graphql";
import { hmacSignature } from "./testing/schemes/hmac";
import { jwtCookie } from "./testing/schemes/jwt-cookie";
import { oauthCodePkce } from "./testing/schemes/oauth-code-pkce";
import { oauthPassword } from "./testing/schemes/oauth-password";

const SCHEMES: SchemeCase[] = [
  oauthPassword,
  oauthCodePkce,
  cookieCsrf,
  firebase,
  jwtCookie,
  graphql,
  basicSession,
  hmacSignature,
];

const LANGUAGES: Language[] = ["node", "python", "curl"];

function has(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Why a language cannot be run here (the node program always can: it runs on the pinned node). */
const missing: Record<Language, string | false> = {
  node: false,
  python: has("python3") ? false : "python3 is not installed",
  curl: has("sh") && has("curl") && has("openssl") ? false : "sh, curl or openssl is not installed",
};
for (const [language, why] of Object.entries(missing)) if (why) console.warn(`repro tests skip ${language}: ${why}`);

function expectNoSecrets(recording: Recording, result = recording.result) {
  const text = JSON.stringify(result);
  for (const secret of recording.secrets) expect(text, `the result leaks ${secret}`).not.toContain(secret);
}

describe.each(SCHEMES)("repro of $name", (scheme) => {
  it("keeps the flow, names the scheme and leaves no captured secret in the result", async () => {
    const recording = await record(scheme);
    const { result } = recording;
    expect(result.scheme).toBe(scheme.scheme);
    expect(result.run).toBe("node repro.mjs");
    expect(result.files[0].name).toBe("repro.mjs");
    for (const step of result.steps) {
      expect(step.purpose).not.toBe("");
      expect(step.url).not.toMatch(/\/(?:collect|static|v1\/flags|logout|revoke)\b/);
    }
    expect(result.steps.some((s) => s.method === "OPTIONS")).toBe(false);
    expectNoSecrets(recording);
    // Every secret was traced, none only caught by the last guard.
    expect(JSON.stringify(result)).not.toContain("{{REDACTED}}");
  });

  for (const language of LANGUAGES) {
    it.skipIf(missing[language])(
      `${language}: runs against a fresh server with other credentials, and fails with a wrong one`,
      async () => {
        const recording = await record(scheme);
        const result = buildRepro(recording.entries, language);
        expectNoSecrets(recording, result);
        const ok = await runAgainstFresh(scheme, result, recording.origins);
        expect(ok.code, `${ok.stdout}\n${ok.stderr}\n${result.files[0].content}`).toBe(0);
        expect(ok.stdout).toContain("flow completed");
        expect([...ok.done].sort()).toEqual([...scheme.milestones].sort());
        const bad = await runAgainstFresh(scheme, result, recording.origins, { wrong: true });
        expect(bad.code, bad.stdout).not.toBe(0);
        expect(bad.stderr).toMatch(/step \d+ failed/);
      },
    );
  }
});

describe("build_repro's engine", () => {
  it("keeps a flow inside dense app traffic, leaves the noise out, and leaks neither's secrets", async () => {
    const recording = await record(oauthPassword);
    const generator = createEntryGenerator({
      seed: 5,
      devices: [{ uuid: "00000000-0000-4000-8000-000000000001", source: "vpn" }],
      start: new Date(Date.now() - 3_600_000),
      end: new Date(),
      count: 300,
    });
    const others = Array.from({ length: 300 }, (_, i) => ({ id: 5000 + i, entry: generator.next().payload }));
    const mixed = [...others.slice(0, 150), ...recording.entries, ...others.slice(150)];
    const alone = recording.result.steps.map((s) => s.entry_id);
    const result = buildRepro(mixed, "node");
    const kept = result.steps.map((s) => s.entry_id);
    expect(kept.filter((id) => alone.includes(id))).toEqual(alone);
    for (const step of result.steps) {
      expect(step.method).not.toBe("OPTIONS");
      expect(step.url).not.toMatch(/\/(?:collect|static|flags|remote-config|logout)\b|sentry|batchlog/);
    }
    const text = JSON.stringify(result);
    for (const secret of recording.secrets) expect(text).not.toContain(secret);
    for (const { entry } of others)
      for (const h of entry.request.headers)
        if (/^(authorization|x-api-key)$/i.test(h.name)) expect(text).not.toContain(h.value.replace(/^\S+\s+/, ""));
  });

  it("keeps captured names from breaking out of the generated code", async () => {
    const evil = "x\nprocess.exit(0) # '$(touch pwned)'";
    const entry = (
      method: string,
      url: string,
      headers: [string, string][],
      status: number,
      respHeaders: [string, string][],
      body: string,
    ) => ({
      startedAt: new Date().toISOString(),
      source: "proxy" as const,
      request: { method, url, httpVersion: "HTTP/1.1", headers: headers.map(([name, value]) => ({ name, value })) },
      response: {
        status,
        statusText: "",
        httpVersion: "HTTP/1.1",
        headers: respHeaders.map(([name, value]) => ({ name, value })),
        body: {
          encoding: "text" as const,
          content: body,
          size: body.length,
          truncated: false,
          mimeType: "application/json",
        },
      },
    });
    const items = [
      {
        id: 1,
        entry: entry(
          "GET",
          "https://svc.example/start",
          [],
          302,
          [["Location", `/next?${encodeURIComponent(evil)}=Zq81kLm2Pw9x`]],
          "",
        ),
      },
      {
        id: 2,
        entry: entry(
          "GET",
          "https://svc.example/next",
          [["X-Step", "Zq81kLm2Pw9x"]],
          200,
          [],
          JSON.stringify({ [evil]: "Tk93hdLq0PzX7" }),
        ),
      },
      { id: 3, entry: entry("GET", "https://svc.example/use", [["X-Thing", "Tk93hdLq0PzX7"]], 200, [], "{}") },
    ];
    const dir = await mkdtemp(path.join(tmpdir(), "repro-syntax-"));
    try {
      for (const [language, check] of [
        ["node", [process.execPath, "--check"]],
        ["python", ["python3", "-m", "py_compile"]],
        ["curl", ["sh", "-n"]],
      ] as const) {
        if (missing[language]) continue;
        const result = buildRepro(items, language);
        expect(result.steps).toHaveLength(3);
        const file = path.join(dir, result.files[0].name);
        await writeFile(file, result.files[0].content);
        execFileSync(check[0], [...check.slice(1), file], { stdio: "pipe" });
        // Run against a closed port: it must fail at step 1, not exit 0 or run anything a name smuggled in.
        const [program, ...args] = result.run.split(" ");
        const outcome = await runProgram(program === "node" ? process.execPath : program, args, dir, {
          ORIGIN: "http://127.0.0.1:9",
        });
        expect(outcome.code, outcome.stdout).not.toBe(0);
        expect(outcome.stderr).toContain("step 1 failed");
        expect(existsSync(path.join(dir, "pwned"))).toBe(false);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("turns a value only secretlint found into a placeholder instead of copying it", async () => {
    const recording = await record(oauthPassword);
    const [login] = recording.entries.filter((e) => e.entry.request.url.endsWith("/oauth/token"));
    const dsn = "postgres://app:Tr0ub4dor3x@db.internal.example/app";
    const body = `${login.entry.request.body!.content}&note=${encodeURIComponent(dsn)}`;
    const tampered = recording.entries.map((e) =>
      e === login
        ? {
            ...e,
            entry: { ...e.entry, request: { ...e.entry.request, body: { ...e.entry.request.body!, content: body } } },
          }
        : e,
    );
    const plain = buildRepro(tampered, "node");
    expect(plain.files[0].content).toContain("Tr0ub4dor3x");
    const result = buildRepro(tampered, "node", { extraSecrets: [dsn] });
    expect(JSON.stringify(result)).not.toContain("Tr0ub4dor3x");
    expect(result.placeholders.map((p) => p.name)).toContain("SECRET");
  });

  it("reads a signature scheme from a WWW-Authenticate challenge as well as from a 401 body", () => {
    const challenge = statedSignature([
      {
        id: 1,
        entry: {
          startedAt: new Date().toISOString(),
          source: "proxy",
          request: { method: "GET", url: "https://api.example/x", httpVersion: "HTTP/1.1", headers: [] },
          response: {
            status: 401,
            statusText: "Unauthorized",
            httpVersion: "HTTP/1.1",
            headers: [
              {
                name: "WWW-Authenticate",
                value:
                  'HMAC-SHA512 header="X-Sig", encoding="base64", string-to-sign="{method} {pathname}\\n{header:Date}", prefix="v1="',
              },
            ],
          },
        },
      },
    ]);
    expect(challenge).toEqual({
      header: "X-Sig",
      algorithm: "sha512",
      encoding: "base64",
      template: "{method} {pathname}\n{header:Date}",
      prefix: "v1=",
    });
  });

  it("says nothing about an empty selection beyond an unknown scheme", () => {
    expect(buildRepro([], "node")).toMatchObject({ scheme: "unknown", steps: [], placeholders: [] });
  });
});
