"use client";

import { Button } from "@/components/ui/button";
import type { Header } from "@/lib/data/breakpoints";

const input =
  "h-7 w-full rounded-md border border-zinc-300 bg-transparent px-2 font-mono text-xs disabled:opacity-70 dark:border-zinc-700";

/** The complete header list, in order, as the device will send it: edit, remove or add rows. */
export function HeaderEditor({
  legend,
  headers,
  disabled,
  onChange,
}: {
  legend: string;
  headers: Header[];
  disabled: boolean;
  onChange: (headers: Header[]) => void;
}) {
  const set = (index: number, patch: Partial<Header>) =>
    onChange(headers.map((h, i) => (i === index ? { ...h, ...patch } : h)));
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {headers.map((header, i) => (
        <div key={i} className="grid grid-cols-[minmax(8rem,16rem)_1fr_auto] items-center gap-2">
          <input
            aria-label={`Header ${i + 1} name`}
            value={header.name}
            disabled={disabled}
            onChange={(e) => set(i, { name: e.target.value })}
            className={input}
          />
          <input
            aria-label={`${header.name || `Header ${i + 1}`} value`}
            value={header.value}
            disabled={disabled}
            onChange={(e) => set(i, { value: e.target.value })}
            className={input}
          />
          {!disabled && (
            <Button size="sm" variant="ghost" onClick={() => onChange(headers.filter((_, j) => j !== i))}>
              Remove<span className="sr-only"> header {header.name || i + 1}</span>
            </Button>
          )}
        </div>
      ))}
      {!disabled && (
        <Button size="sm" onClick={() => onChange([...headers, { name: "", value: "" }])}>
          Add header
        </Button>
      )}
    </fieldset>
  );
}
