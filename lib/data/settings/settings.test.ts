import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { callAs, callerOf, startOperationsDb, type OperationsDb } from "@/lib/operations/testing";
import {
  deviceSettingsInput,
  documentOf,
  draftOf,
  draftProblem,
  mergeEffective,
  overridesOf,
  ruleHolds,
  type Draft,
} from "./index";

let db: OperationsDb;
let admin: Person;

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
});
afterAll(async () => db?.stop());

const rule = (pattern: string, methods = "") => ({ pattern, methods });
const capture = (method: string, host: string, path: string) => ({ method, host, path });

describe("the breakpoint tester", () => {
  it("reads a pattern against host + path, * as any run, a bare host as any path", () => {
    expect(ruleHolds(rule("api.example.com/v1/login*"), capture("POST", "api.example.com", "/v1/login/sso"))).toBe(
      true,
    );
    expect(ruleHolds(rule("api.example.com/v1/login*"), capture("POST", "api.example.com", "/v2/login"))).toBe(false);
    expect(ruleHolds(rule("*.stripe.com"), capture("GET", "api.stripe.com", "/v1/charges"))).toBe(true);
    expect(ruleHolds(rule("*.stripe.com", "post"), capture("GET", "api.stripe.com", "/v1/charges"))).toBe(false);
    expect(ruleHolds(rule("API.stripe.com/*"), capture("GET", "api.stripe.com", "/x"))).toBe(true);
    expect(ruleHolds(rule("a.b/c.d"), capture("GET", "a.b", "/cxd"))).toBe(false);
  });
});

describe("settings drafts", () => {
  it("names the field a draft gets wrong", () => {
    const ok: Draft = {
      breakpoints: [{ pattern: "a.example/*", phase: "request", methods: "get, POST", enabled: true }],
      env: [{ name: "API_BASE", value: "x" }],
      service_group_ids: [],
    };
    expect(draftProblem(ok)).toBeNull();
    expect(draftProblem({ ...ok, breakpoints: [{ ...ok.breakpoints[0], pattern: " " }] })?.field).toBe(
      "breakpoints.0.pattern",
    );
    expect(draftProblem({ ...ok, breakpoints: [{ ...ok.breakpoints[0], methods: "GET, x y" }] })?.field).toBe(
      "breakpoints.0.methods",
    );
    expect(draftProblem({ ...ok, env: [{ name: "1BAD", value: "" }] })?.field).toBe("env.1BAD");
    expect(draftProblem({ ...ok, env: [...ok.env, ...ok.env] })?.message).toContain("given twice");
    expect(documentOf(ok)).toEqual({
      breakpoints: [{ pattern: "a.example/*", phase: "request", methods: ["GET", "POST"], enabled: true }],
      env: { API_BASE: "x" },
      service_group_ids: [],
    });
  });
});

describe("the effective settings preview", () => {
  it("computes what the seed RPC answers, for saved global and device documents", async () => {
    const call = callAs(db, callerOf(admin));
    const phone = await createDevice(db.owner, admin, "Phone");
    const group = await call("create_service_group", { name: "Pay", ssl_proxy_domains: ["*.pay.example", "a.b"] });
    await call("update_global_settings", {
      breakpoints: [{ pattern: "g.example/*" }],
      env: { BASE: "g", ONLY_GLOBAL: "1" },
    });
    const loaded = await call("get_settings", { device_uuid: phone });
    const draft = draftOf(loaded.device?.data);
    const overrides = { ...overridesOf(loaded.device?.data), env: true, service_group_ids: true };
    const input = deviceSettingsInput(
      phone,
      loaded.device ?? null,
      { ...draft, env: [{ name: "BASE", value: "device" }], service_group_ids: [group.id] },
      overrides,
    );
    expect(input).toEqual({ device_uuid: phone, env: { BASE: "device" }, service_group_ids: [group.id] });
    const saved = await call("update_device_settings", input);
    const preview = mergeEffective(
      loaded.global.data,
      saved.device!.data,
      phone,
      new Map([[group.id, group.ssl_proxy_domains]]),
    );
    expect(preview).toEqual(saved.effective);

    // Dropping the env override inherits global's again, and the preview agrees.
    const again = deviceSettingsInput(phone, saved.device, draftOf(saved.device!.data), {
      ...overridesOf(saved.device!.data),
      env: false,
    });
    expect(again).toMatchObject({ inherit: ["env"], expected_updated_at: saved.device!.updated_at });
    const after = await call("update_device_settings", again);
    expect(after.effective).toEqual(
      mergeEffective(loaded.global.data, after.device!.data, phone, new Map([[group.id, group.ssl_proxy_domains]])),
    );
    expect((after.effective as { env: unknown }).env).toEqual({ BASE: "g", ONLY_GLOBAL: "1" });
  });
});
