import { pillLabel } from "@/lib/feed/live-state";
import { focusRing } from "@/components/ui/button";

/** Shown when rows arrived above a reader who scrolled away; a click takes them to the newest. */
export function NewRowsPill({ count, onClick }: { count: number; onClick: () => void }) {
  if (count === 0) return null;
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid="new-rows-pill"
      className={`absolute top-2 left-1/2 z-10 -translate-x-1/2 rounded-full bg-sky-700 px-3 py-1 text-xs font-medium text-white shadow-md hover:bg-sky-800 ${focusRing}`}
    >
      ↑ {pillLabel(count)}
    </button>
  );
}
