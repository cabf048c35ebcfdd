import { partsToText, SecretScanner } from "@/lib/secrets/detect";
import { renderCurl } from "./codegen/curl";
import { envExample } from "./codegen/common";
import { renderNode } from "./codegen/node";
import { renderPython } from "./codegen/python";
import { planRepro } from "./plan";
import type { CapturedEntry, Language, ReproResult } from "./types";

/**
 * The repro builder: captured requests (in capture order, unrelated ones included) → one
 * program that replays the flow against the live service with the person's own credentials,
 * obtaining every token, cookie, code and CSRF value at run time. See docs/repro.md.
 */

export type { CapturedEntry, Language, ReproResult } from "./types";

const RENDERERS = { node: renderNode, python: renderPython, curl: renderCurl } as const;

export function buildRepro(
  items: CapturedEntry[],
  language: Language = "node",
  { extraSecrets = [] }: { extraSecrets?: string[] } = {},
): ReproResult {
  const { plan, secrets } = planRepro(items, extraSecrets);
  const rendered = RENDERERS[language](plan);
  const result: ReproResult = {
    scheme: plan.scheme,
    steps: plan.steps.map((step) => ({
      entry_id: step.entryId,
      purpose: step.purpose,
      method: step.method,
      url: step.displayUrl,
    })),
    placeholders: plan.placeholders.map((p) => ({ name: p.name, description: p.description })),
    origins: plan.origins.map((o) => ({ name: o.name, default: o.default })),
    files: [...rendered.files, { name: "repro.env.example", content: envExample(plan) }],
    run: rendered.run,
  };
  return withoutLeaks(result, secrets);
}

/**
 * The last guard: a captured secret that reached the result anyway (a value no rule traced) is
 * replaced by {{REDACTED}} — the program may then fail at that step, but it never leaks.
 */
function withoutLeaks(result: ReproResult, secrets: string[]): ReproResult {
  const scanner = new SecretScanner();
  for (const secret of secrets) if (secret.length >= 6) scanner.known(secret, "REDACTED", "capture");
  const clean = (text: string) =>
    partsToText(scanner.everywhere([text])).replace(/\{\{REDACTED(?:_\d+)?\}\}/g, "{{REDACTED}}");
  return JSON.parse(JSON.stringify(result), (_key, value: unknown) =>
    typeof value === "string" ? clean(value) : value,
  );
}
