import { describe, expect, it } from "vitest";
import { buildRepro } from "./index";
import { record, runAgainstFresh, type Recording } from "./testing/harness";
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
  });

  it("runs against a fresh server with other credentials, and fails with a wrong one", async () => {
    const recording = await record(scheme);
    const ok = await runAgainstFresh(scheme, recording.result, recording.origins);
    expect(ok.code, `${ok.stdout}\n${ok.stderr}\n${recording.result.files[0].content}`).toBe(0);
    expect(ok.stdout).toContain("flow completed");
    expect([...ok.done].sort()).toEqual([...scheme.milestones].sort());
    const bad = await runAgainstFresh(scheme, recording.result, recording.origins, { wrong: true });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/step \d+ failed/);
  });
});

describe("build_repro's engine", () => {
  it("says nothing about an empty selection beyond an unknown scheme", () => {
    expect(buildRepro([], "node")).toMatchObject({ scheme: "unknown", steps: [], placeholders: [] });
  });
});
