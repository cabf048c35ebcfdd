import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LIMITS } from "@/lib/busybro/request";
import { answerOf, changedTables, expectAppError, fuzzParams, type FuzzStack, type Who } from "./harness";
import { inputsFor, jsonText } from "./schema-arbitrary";

/**
 * The ask API (POST /functions/v1/ask, seed 003) with bodies drawn from the request seed 003
 * describes, valid and near-miss, as JSON or SSE, against the scripted model: never a 5xx, a
 * refusal names its problem, an accepted question is answered (`{answer}` or an SSE stream
 * that ends in `done` or `error`), and a refused one writes nothing.
 */

/** Seed 003's body, as a schema only to draw requests from; the handler parses it by hand. */
const askBody = z
  .object({
    question: z.string().min(1).max(LIMITS.question),
    history: z
      .array(z.object({ role: z.enum(["user", "assistant"]), text: z.string().min(1).max(LIMITS.turnText) }).strict())
      .max(LIMITS.turns),
    context: z.string().max(LIMITS.context),
    priorAnswer: z.string().max(LIMITS.priorAnswer),
  })
  .partial({ history: true, context: true, priorAnswer: true })
  .strict();

export function describeAsk(fuzz: () => FuzzStack, runs = 24) {
  describe("the ask API with bad bodies", () => {
    it("answers or refuses in the error shape, never 5xx, writing nothing when it refuses", async () => {
      const stack = fuzz();
      await fc.assert(
        fc.asyncProperty(
          inputsFor(askBody, stack.known),
          fc.constantFrom<Who>("member", "admin"),
          fc.boolean(),
          async (body, who, sse) => {
            const before = await stack.fingerprint();
            const response = await fetch(`${stack.appUrl}/functions/v1/ask`, {
              method: "POST",
              headers: {
                authorization: `Bearer ${stack.tokens[who]}`,
                "content-type": "application/json",
                accept: sse ? "text/event-stream" : "application/json",
              },
              body: jsonText(body),
            });
            const answer = await answerOf(response);
            const context = `ask as ${who} (${sse ? "SSE" : "JSON"})`;
            if (answer.status >= 400) {
              const error = expectAppError(answer, context);
              if (error.code !== "RATE_LIMITED") expect(error.message.length, context).toBeGreaterThan(3);
              expect(changedTables(before, await stack.fingerprint()), `${context} refused but wrote`).toEqual([]);
              return;
            }
            expect(answer.status, context).toBe(200);
            if (sse) {
              expect(answer.contentType, context).toContain("text/event-stream");
              expect(answer.text, context).toMatch(/event: (done|error)\n/);
            } else {
              expect(typeof (answer.json as { answer?: unknown }).answer, context).toBe("string");
            }
          },
        ),
        fuzzParams(runs),
      );
    });
  });
}
