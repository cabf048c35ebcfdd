import type { ReactNode } from "react";

/** A small definition list: label, value; absent values are left out rather than shown as blanks. */
export function Facts({ title, items }: { title: string; items: [string, ReactNode | undefined | null][] }) {
  const present = items.filter(([, value]) => value !== undefined && value !== null && value !== "");
  return (
    <section aria-label={title} className="space-y-1">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      {present.length === 0 ? (
        <p className="text-xs text-zinc-500">Not recorded by the capture.</p>
      ) : (
        <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5 text-xs">
          {present.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="font-mono break-all">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
