import type { ProgramPlan } from "../types";
export function renderPython(plan: ProgramPlan): { files: { name: string; content: string }[]; run: string } {
  void plan;
  throw new Error("later");
}
