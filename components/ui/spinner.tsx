export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-zinc-500">
      <span
        aria-hidden
        className="size-3.5 animate-spin rounded-full border-2 border-zinc-300 border-t-sky-600 dark:border-zinc-700 dark:border-t-sky-400"
      />
      {label}
    </span>
  );
}
