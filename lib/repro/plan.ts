import { Correlator, type CorrelatedStep } from "./correlate";
import { describeSteps } from "./scheme";
import { selectCandidates } from "./select";
import { statedSignature } from "./signature";
import type { CapturedEntry, ProgramPlan, StepPlan, Value } from "./types";

/**
 * Capture → program plan: leave out the noise (./select), trace every sent value (./correlate),
 * keep only the requests that take part in the flow, then name the scheme and say why each
 * step is there (./scheme).
 */

/** Steps that send something supplied or handed out, plus (transitively) the steps that hand it out. */
function prune(
  steps: CorrelatedStep[],
  values: Map<string, Value>,
): { kept: CorrelatedStep[]; unrelated: CorrelatedStep[] } {
  const keep = new Set<number>();
  const strong = (name: string) => {
    const value = values.get(name);
    return value !== undefined && value.kind !== "origin" && !(value.kind === "env" && value.traced === false);
  };
  const consumes = (step: CorrelatedStep) => step.cookieFrom.size > 0 || [...step.uses].some(strong);
  const queue = steps.filter(consumes);
  while (queue.length) {
    const step = queue.pop()!;
    if (keep.has(step.index)) continue;
    keep.add(step.index);
    const from = new Set(step.cookieFrom);
    for (const name of step.uses) {
      const value = values.get(name);
      if (value?.kind === "extract") from.add(value.step);
    }
    for (const index of from) {
      const producer = steps.find((s) => s.index === index);
      if (producer && !keep.has(index)) queue.push(producer);
    }
  }
  // A request that only sends a credential no rule explains belongs to the flow when it goes to one of the flow's origins.
  const flowOrigins = new Set(steps.filter((s) => keep.has(s.index)).map((s) => s.origin));
  for (const step of steps)
    if (!keep.has(step.index) && step.uses.size > 0 && [...step.uses].some((n) => values.get(n)?.kind === "env"))
      if (flowOrigins.size === 0 || flowOrigins.has(step.origin)) keep.add(step.index);
  return { kept: steps.filter((s) => keep.has(s.index)), unrelated: steps.filter((s) => !keep.has(s.index)) };
}

export interface PlanResult {
  plan: ProgramPlan;
  /** Literals the program must never contain (checked on the way out). */
  secrets: string[];
}

export function planRepro(items: CapturedEntry[], extraSecrets: string[] = []): PlanResult {
  const { candidates, dropped } = selectCandidates(items);
  const signature = statedSignature(items);
  const correlator = new Correlator(items, signature, extraSecrets);
  const correlated = candidates.map((item, i) => correlator.step(item, i + 1));
  const { kept, unrelated } = prune(correlated, correlator.values);
  for (const step of unrelated)
    dropped.push({ entryId: step.entryId, reason: "sends nothing the flow supplies and hands out nothing it uses" });

  // Renumber, and hang each used value a response provides on the step that reads it.
  const renumber = new Map(kept.map((step, i) => [step.index, i + 1]));
  const used = new Set<string>();
  for (const step of kept) for (const name of step.uses) used.add(name);
  for (const step of kept) for (const v of step.fresh) used.add(v.name);
  for (const name of [...used]) {
    const value = correlator.values.get(name);
    if (value?.kind === "pkce-challenge") used.add(value.verifier);
    if (value?.kind === "basic") used.add(value.user).add(value.password);
  }
  if (kept.some((s) => s.sign)) for (const s of kept) if (s.sign) used.add(s.sign.secret);
  const extractsByStep = new Map<number, Extract<Value, { kind: "extract" }>[]>();
  for (const v of correlator.values.values())
    if (v.kind === "extract" && used.has(v.name))
      extractsByStep.set(v.step, [...(extractsByStep.get(v.step) ?? []), v]);
  const steps: StepPlan[] = kept.map((step) => {
    const index = renumber.get(step.index)!;
    const extracts = extractsByStep.get(step.index) ?? [];
    const { uses: _uses, cookieFrom: _cookieFrom, ...plan } = step;
    return { ...plan, index, extracts: extracts.map((e) => ({ ...e, step: index })) };
  });
  const all = [...correlator.values.values()];
  const mentioned = new Set(kept.flatMap((s) => [...(s.origin ? [s.origin] : []), ...mentionedRefs(s)]));
  const origins = all.filter(
    (v): v is Extract<Value, { kind: "origin" }> => v.kind === "origin" && mentioned.has(v.name),
  );
  const globals = all.filter(
    (v) =>
      (v.kind === "random" || v.kind === "pkce-challenge" || v.kind === "basic" || v.kind === "env") &&
      used.has(v.name),
  );
  const placeholders = globals.filter((v): v is Extract<Value, { kind: "env" }> => v.kind === "env");
  const described = describeSteps(steps, items, correlator.values);
  const plan: ProgramPlan = {
    scheme: described.scheme,
    globals: sortGlobals(globals),
    placeholders,
    origins,
    steps: described.steps,
    dropped: dropped.sort((a, b) => a.entryId - b.entryId),
  };
  return { plan, secrets: correlator.secretValues(items) };
}

/** Every value a step's templates name, origins included (they are referenced without counting as use). */
function mentionedRefs(step: CorrelatedStep): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      if ("ref" in node && typeof node.ref === "string") found.push(node.ref);
      else Object.values(node).forEach(walk);
    }
  };
  walk([step.headers, step.body, step.query, step.path, step.url]);
  return found;
}

/** Values that depend on others come after them: env and random first, then what is derived. */
function sortGlobals(values: Value[]): Value[] {
  const rank = (v: Value) => (v.kind === "env" ? 0 : v.kind === "random" ? 1 : 2);
  return [...values].sort((a, b) => rank(a) - rank(b));
}
