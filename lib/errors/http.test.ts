import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, errorResponse, withErrors } from "@/lib/errors/http";

describe("app error shape", () => {
  it("puts code, message and remediation under error with the code's status", async () => {
    const response = errorResponse("RATE_LIMITED", "Too many sign-in attempts.", "Wait a minute.");
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
      error: { code: "RATE_LIMITED", message: "Too many sign-in attempts.", remediation: "Wait a minute." },
    });
  });

  it("omits remediation when there is none", async () => {
    expect(await errorResponse("NOT_FOUND", "gone").json()).toEqual({ error: { code: "NOT_FOUND", message: "gone" } });
  });

  it("turns an AppError thrown in a route into its response", async () => {
    const route = withErrors(async () => {
      throw new AppError("FORBIDDEN", "Your role lacks devices:edit.", "Ask an admin.");
    });
    const response = await route();
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("FORBIDDEN");
  });

  it("turns a validation failure into a 400 naming the field", async () => {
    const route = withErrors(async () => {
      z.object({ lim: z.number().max(500) }).parse({ lim: 9000 });
      return new Response("unreachable");
    });
    const response = await route();
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toMatch(/^lim: /);
  });

  // Fuzz counterexample: list_devices {"name":"admin\u0000"} reached PostgreSQL and came back a 500.
  it("maps text PostgreSQL cannot encode (22021, 22P05) to a 400", async () => {
    for (const code of ["22021", "22P05"]) {
      const route = withErrors(async () => {
        throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code, severity: "ERROR" });
      });
      const response = await route();
      expect(response.status, code).toBe(400);
      expect((await response.json()).error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("hides the details of an unexpected error behind a 500", async () => {
    const quiet = console.error;
    console.error = () => undefined;
    try {
      const response = await withErrors(async () => {
        throw new Error("secret internals");
      })();
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toContain("secret internals");
    } finally {
      console.error = quiet;
    }
  });
});
