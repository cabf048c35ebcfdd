"use client";

import { Button } from "@/components/ui/button";
import { ruleHolds, type Phase, type Rule } from "@/lib/data/settings";

type Capture = { id: number; method: string | null; host: string | null; path: string | null };

const field = "h-7 rounded border border-zinc-300 bg-transparent px-2 text-xs dark:border-zinc-700";

/** Breakpoint rules with a tester: which of the recent captures each rule would have held. */
export function BreakpointsEditor({
  rules,
  onChange,
  readOnly,
  captures,
  invalidField,
  prefix,
}: {
  rules: Rule[];
  onChange: (next: Rule[]) => void;
  readOnly: boolean;
  captures: Capture[] | undefined;
  invalidField: string | null;
  /** Distinguishes the global form's labels from the device's. */
  prefix: string;
}) {
  const set = (i: number, patch: Partial<Rule>) => onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-2">
      {rules.length === 0 && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">No breakpoints: nothing is held for editing.</p>
      )}
      <ol className="space-y-2">
        {rules.map((rule, i) => {
          const held = captures?.filter((c) => ruleHolds(rule, c)) ?? [];
          const n = i + 1;
          return (
            <li key={i} className="space-y-1 rounded-md border border-zinc-200 p-2 dark:border-zinc-800" data-rule={n}>
              <div className="flex flex-wrap items-center gap-2">
                <input
                  value={rule.pattern}
                  readOnly={readOnly}
                  onChange={(e) => set(i, { pattern: e.target.value })}
                  aria-label={`${prefix} breakpoint ${n} pattern`}
                  aria-invalid={invalidField === `breakpoints.${i}.pattern`}
                  placeholder="api.example.com/v1/login*"
                  className={`${field} w-64 font-mono`}
                />
                <input
                  value={rule.methods}
                  readOnly={readOnly}
                  onChange={(e) => set(i, { methods: e.target.value })}
                  aria-label={`${prefix} breakpoint ${n} methods`}
                  aria-invalid={invalidField === `breakpoints.${i}.methods`}
                  placeholder="any method"
                  className={`${field} w-28`}
                />
                <select
                  value={rule.phase}
                  disabled={readOnly}
                  onChange={(e) => set(i, { phase: e.target.value as Phase })}
                  aria-label={`${prefix} breakpoint ${n} phase`}
                  className={`${field} dark:bg-zinc-950`}
                >
                  <option value="request">request</option>
                  <option value="response">response</option>
                  <option value="both">both</option>
                </select>
                <label className="flex items-center gap-1 text-xs">
                  <input
                    type="checkbox"
                    checked={rule.enabled}
                    disabled={readOnly}
                    onChange={(e) => set(i, { enabled: e.target.checked })}
                  />
                  on
                </label>
                {!readOnly && (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove ${prefix.toLowerCase()} breakpoint ${n}`}
                    onClick={() => onChange(rules.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                )}
              </div>
              <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="rule-tester">
                {captures === undefined
                  ? "Loading recent captures to test against…"
                  : !rule.pattern.trim()
                    ? "Type a pattern to see which recent captures it would hold."
                    : `Would have held ${held.length} of the last ${captures.length} captures${
                        held.length
                          ? `: ${held
                              .slice(0, 3)
                              .map((c) => `${c.method} ${c.host}${c.path}`)
                              .join(", ")}${held.length > 3 ? "…" : ""}`
                          : "."
                      }`}
              </p>
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <Button
          size="sm"
          onClick={() => onChange([...rules, { pattern: "", phase: "request", methods: "", enabled: true }])}
        >
          Add breakpoint
        </Button>
      )}
    </div>
  );
}
