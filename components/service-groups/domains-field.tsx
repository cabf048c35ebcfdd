"use client";

import { useMemo } from "react";
import { matchesByPattern, parsePatternLines, patternProblem } from "@/lib/data/service-groups/domains";

/**
 * The group's SSL-proxy domains, one pattern a line, each checked as you type and previewed
 * against the hosts actually captured lately, so a typo shows as "matches nothing".
 */
export function DomainsField({
  value,
  onChange,
  hosts,
  readOnly,
}: {
  value: string;
  onChange: (next: string) => void;
  hosts: string[] | undefined;
  readOnly: boolean;
}) {
  const patterns = useMemo(() => parsePatternLines(value), [value]);
  const matches = useMemo(() => matchesByPattern(patterns, hosts ?? []), [patterns, hosts]);
  const problems = patterns.map((p) => [p, patternProblem(p)] as const).filter(([, problem]) => problem);
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <label className="flex flex-col gap-1 text-xs font-medium">
        SSL-proxy domains (one a line)
        <textarea
          value={value}
          onChange={(e) => onChange(e.target.value)}
          readOnly={readOnly}
          rows={8}
          spellCheck={false}
          aria-invalid={problems.length > 0}
          aria-describedby="domain-problems"
          placeholder={"api.stripe.com\n*.stripe.network"}
          className="rounded-md border border-zinc-300 bg-transparent p-2 font-mono text-xs leading-5 dark:border-zinc-700"
        />
        <span id="domain-problems" className="font-normal" data-testid="domain-problems">
          {problems.map(([p, problem]) => (
            <span key={p} className="block text-red-700 dark:text-red-400">
              Domain {p}: {problem}
            </span>
          ))}
        </span>
      </label>
      <section aria-label="Matching captured hosts" className="flex flex-col gap-1 text-xs">
        <h3 className="font-medium">Matches among captured hosts</h3>
        {hosts === undefined ? (
          <p className="text-zinc-600 dark:text-zinc-400">Loading captured hosts…</p>
        ) : patterns.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">Add a pattern to see which captured hosts it covers.</p>
        ) : (
          <ul className="space-y-1" data-testid="domain-preview">
            {patterns.map((p) => {
              const hit = matches.get(p) ?? [];
              return (
                <li key={p} data-pattern={p}>
                  <span className="font-mono">{p}</span>{" "}
                  <span className="text-zinc-600 dark:text-zinc-400" data-testid="pattern-count">
                    {patternProblem(p)
                      ? "— fix it first"
                      : hit.length === 0
                        ? "— matches no captured host yet"
                        : `— ${hit.length} host${hit.length === 1 ? "" : "s"}: ${hit.slice(0, 5).join(", ")}${hit.length > 5 ? "…" : ""}`}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
