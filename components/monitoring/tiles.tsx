import type { ReactNode } from "react";

export function Tile({ label, value, children }: { label: string; value: ReactNode; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid={`tile-${label}`}>
      <div className="text-xs text-zinc-600 dark:text-zinc-400">{label}</div>
      <div className="text-xl font-semibold tabular-nums">{value}</div>
      {children}
    </div>
  );
}

/** A mix (status classes, sources…) as a labelled bar per key, largest first. */
export function Mix({
  title,
  mix,
  label = (k) => k,
}: {
  title: string;
  mix: Record<string, number>;
  label?: (key: string) => string;
}) {
  const entries = Object.entries(mix).sort(([, a], [, b]) => b - a);
  const total = entries.reduce((acc, [, n]) => acc + n, 0);
  return (
    <section className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" aria-label={title}>
      <h2 className="mb-2 text-sm font-medium">{title}</h2>
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing in the last 24 h.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {entries.map(([key, n]) => (
            <li key={key} className="flex items-center gap-2">
              <span className="w-24 truncate">{label(key)}</span>
              <span className="h-2 flex-1 rounded bg-zinc-100 dark:bg-zinc-800">
                <span
                  className="block h-2 rounded bg-sky-700 dark:bg-sky-500"
                  style={{ width: `${total ? Math.max((n / total) * 100, 1) : 0}%` }}
                />
              </span>
              <span className="w-16 text-right tabular-nums">{n.toLocaleString("en")}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
