import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/operations";
import type { AnyOperation } from "@/lib/operations/types";
import { answerOf, changedTables, expectAppError, fuzzParams, type Answer, type FuzzStack, type Who } from "./harness";
import { asSent, inputsFor, jsonText } from "./schema-arbitrary";

/**
 * Every registry operation with inputs drawn from its own zod schema, valid and near-miss,
 * through `POST /api/operations/<name>` and `/mcp` `tools/call`, as a member and as an admin:
 * never a 5xx, a refusal always names its problem, an input zod refuses is always
 * VALIDATION_FAILED, and a refused write leaves every table as it was.
 */

type Surface = "http" | "mcp";

interface Outcome {
  refused: boolean;
  code?: string;
  answer: Answer;
}

async function viaHttp(fuzz: FuzzStack, who: Who, name: string, input: unknown): Promise<Outcome> {
  const answer = await answerOf(
    await fetch(`${fuzz.appUrl}/api/operations/${name}`, {
      method: "POST",
      headers: { authorization: `Bearer ${fuzz.tokens[who]}`, "content-type": "application/json" },
      body: jsonText(input),
    }),
  );
  if (answer.status < 400) return { refused: false, answer };
  const error = expectAppError(answer, `${name} as ${who} over HTTP`);
  return { refused: true, code: error.code, answer };
}

/** A JSON-RPC answer as JSON or as the single SSE event the SDK may stream it in. */
function rpcMessage(answer: Answer): { result?: Record<string, unknown>; error?: { code: number; message: string } } {
  if (answer.json) return answer.json as never;
  const data = answer.text
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim())
    .filter(Boolean);
  expect(data.length, `no JSON-RPC message in: ${answer.text.slice(0, 300)}`).toBeGreaterThan(0);
  return JSON.parse(data[data.length - 1]) as never;
}

let rpcId = 1;
async function viaMcp(fuzz: FuzzStack, who: Who, name: string, input: unknown): Promise<Outcome> {
  const answer = await answerOf(
    await fetch(`${fuzz.appUrl}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${fuzz.tokens[who]}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
      },
      body: jsonText({ jsonrpc: "2.0", id: rpcId++, method: "tools/call", params: { name, arguments: input } }),
    }),
  );
  const context = `${name} as ${who} over MCP`;
  expect(answer.status, `${context}: ${answer.text.slice(0, 500)}`).toBeLessThan(500);
  if (answer.status >= 400) {
    // Refused before the JSON-RPC layer (413, the step-up 403): still a body that says why.
    expect(answer.text.length, context).toBeGreaterThan(0);
    return { refused: true, answer };
  }
  const message = rpcMessage(answer);
  if (message.error) {
    expect(typeof message.error.code, context).toBe("number");
    expect(message.error.message.length, context).toBeGreaterThan(0);
    return { refused: true, code: `rpc:${message.error.code}`, answer };
  }
  const result = message.result as { isError?: boolean; content?: { text?: string }[] };
  if (!result.isError) return { refused: false, answer };
  const text = result.content?.[0]?.text ?? "";
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  // The SDK's own input validation answers in words; ours in the error object.
  expect(text.length, `${context}: empty isError`).toBeGreaterThan(0);
  expect(text, context).not.toMatch(/INTERNAL_ERROR|Something went wrong on our side/);
  return { refused: true, code: code ?? "sdk-validation", answer };
}

function operationProperty(fuzz: () => FuzzStack, operation: AnyOperation) {
  return fc.asyncProperty(
    inputsFor(operation.input, fuzz().known),
    fc.constantFrom<Who>("member", "admin"),
    fc.constantFrom<Surface>("http", "mcp"),
    async (input, who, surface) => {
      const stack = fuzz();
      const before = operation.readOnly ? undefined : await stack.fingerprint();
      const outcome =
        surface === "http"
          ? await viaHttp(stack, who, operation.name, input)
          : await viaMcp(stack, who, operation.name, input);
      expect(outcome.answer.status, outcome.answer.text.slice(0, 300)).toBeLessThan(500);
      const parsed = operation.input.safeParse(asSent(input) ?? {});
      if (!parsed.success && surface === "http") {
        // BAD_REQUEST only for a body the JSON parser itself cannot take (nesting beyond its stack).
        expect(
          ["VALIDATION_FAILED", "BAD_REQUEST"],
          `${operation.name}: zod refuses ${jsonText(input).slice(0, 200)}`,
        ).toContain(outcome.code);
      }
      if (!parsed.success) expect(outcome.refused, `${operation.name} accepted what zod refuses`).toBe(true);
      if (outcome.refused && before) {
        const after = await stack.fingerprint();
        expect(changedTables(before, after), `${operation.name} refused (${outcome.code}) but wrote`).toEqual([]);
      }
    },
  );
}

export function describeOperations(fuzz: () => FuzzStack, runs = 8) {
  describe("every operation, over HTTP and MCP, as member and admin", () => {
    for (const operation of OPERATIONS) {
      it(operation.name, async () => {
        await fc.assert(operationProperty(fuzz, operation as AnyOperation), fuzzParams(runs));
      });
    }
  });
}
