"use client";

import { Button } from "@/components/ui/button";
import type { Draft } from "@/lib/data/settings";

const field = "h-7 rounded border border-zinc-300 bg-transparent px-2 text-xs dark:border-zinc-700";

export function EnvEditor({
  env,
  onChange,
  readOnly,
  invalidField,
  prefix,
}: {
  env: Draft["env"];
  onChange: (next: Draft["env"]) => void;
  readOnly: boolean;
  invalidField: string | null;
  prefix: string;
}) {
  const set = (i: number, patch: Partial<Draft["env"][number]>) =>
    onChange(env.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  return (
    <div className="space-y-2">
      {env.length === 0 && <p className="text-xs text-zinc-600 dark:text-zinc-400">No environment variables.</p>}
      <ul className="space-y-1">
        {env.map((e, i) => (
          <li key={i} className="flex flex-wrap items-center gap-2">
            <input
              value={e.name}
              readOnly={readOnly}
              onChange={(ev) => set(i, { name: ev.target.value })}
              aria-label={`${prefix} variable ${i + 1} name`}
              aria-invalid={invalidField === `env.${e.name.trim()}`}
              placeholder="API_BASE"
              className={`${field} w-40 font-mono`}
            />
            <input
              value={e.value}
              readOnly={readOnly}
              onChange={(ev) => set(i, { value: ev.target.value })}
              aria-label={`${prefix} variable ${i + 1} value`}
              placeholder="https://staging.example.com"
              className={`${field} w-64 font-mono`}
            />
            {!readOnly && (
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove ${prefix.toLowerCase()} variable ${e.name || i + 1}`}
                onClick={() => onChange(env.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <Button size="sm" onClick={() => onChange([...env, { name: "", value: "" }])}>
          Add variable
        </Button>
      )}
    </div>
  );
}
