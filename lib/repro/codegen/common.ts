import type { JsonTemplate, ProgramPlan, StepPlan, Template, Value } from "../types";

/** What every generator needs from a plan: how each value is referred to, and the header comment. */

export type RefKind = "global" | "extract" | "local";

export function refKinds(plan: ProgramPlan): Map<string, RefKind> {
  const kinds = new Map<string, RefKind>();
  for (const value of [...plan.globals, ...plan.origins]) kinds.set(value.name, "global");
  for (const step of plan.steps) {
    for (const value of step.fresh) kinds.set(value.name, "local");
    for (const value of step.extracts) kinds.set(value.name, "extract");
  }
  return kinds;
}

/**
 * Text safe inside a line comment: captured names (JSON keys, cookie names) reach purposes and
 * descriptions, and a line break in one must not end the comment and become code.
 */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ");
}

export function shortPurpose(step: StepPlan): string {
  return step.purpose.split(";")[0];
}

export function headerLines(plan: ProgramPlan, run: string, commentPrefix: string): string[] {
  const lines = [
    `Repro of a captured ${plan.scheme} flow (${plan.steps.length} steps), built by Busymate's build_repro.`,
    "Every token, cookie, code and CSRF value is obtained at run time; nothing is copied from the capture.",
  ];
  if (plan.placeholders.length) {
    lines.push("Set these environment variables first:");
    for (const p of plan.placeholders) lines.push(`  ${p.name}: ${p.description}`);
  }
  if (plan.origins.length) {
    lines.push("Origins (override to point elsewhere):");
    for (const o of plan.origins) lines.push(`  ${o.name} (default ${o.default})`);
  }
  lines.push(`Run: ${run}`);
  return lines.map((line) => `${commentPrefix} ${commentText(line)}`.trimEnd());
}

/** Placeholders plus origins as an env file to fill in. */
export function envExample(plan: ProgramPlan): string {
  const lines = plan.placeholders.map((p) => `# ${p.description}\n${p.name}=`);
  for (const o of plan.origins) lines.push(`${o.name}=${o.default}`);
  return `${lines.join("\n")}\n`;
}

/** Adjacent literal pieces joined ("/" + "login" → "/login"). */
export function compact(parts: Template): Template {
  const out: Template = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (typeof part === "string" && typeof last === "string") out[out.length - 1] = last + part;
    else if (part !== "") out.push(part);
  }
  return out;
}

export function isSingleRef(template: Template): template is [{ ref: string }] {
  return template.length === 1 && typeof template[0] !== "string";
}

export function globalsInOrder(plan: ProgramPlan): Value[] {
  return [...plan.origins, ...plan.globals];
}

export type { JsonTemplate, Template };
