import { memo } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { formatBytes, formatDuration } from "@/lib/feed/format";
import { statusLabel, statusTone } from "@/lib/feed/status";
import type { FeedRow as Row } from "@/lib/feed/types";
import type { Tag } from "@/lib/data/tags";
import type { ClickModifiers } from "@/lib/feed/selection";
import { gridColumns, HIDDEN_WHEN_NARROW, ROW_HEIGHT } from "./columns";

interface FeedRowProps {
  row: Row;
  index: number;
  /** -1 while older pages remain unknown. */
  setSize: number;
  top: number;
  selected: boolean;
  /** Marked as part of a multi-capture selection (Ctrl/⌘- or Shift-click). */
  marked: boolean;
  deviceName: string;
  tags: Map<string, Tag>;
  /** The listed captures span more than one day: the time column shows the date too. */
  dated: boolean;
  onSelect: (id: number, modifiers?: ClickModifiers) => void;
}

export const rowDomId = (id: number) => `entry-row-${id}`;

/**
 * One capture in the list. The outer element carries what moves when live rows land above it
 * (position, index); the cells are memoised on the row itself, so an insert re-renders one
 * element per row in view and never their contents.
 */
export const FeedRow = memo(function FeedRow({
  row,
  index,
  setSize,
  top,
  selected,
  marked,
  deviceName,
  tags,
  dated,
  onSelect,
}: FeedRowProps) {
  return (
    <div
      id={rowDomId(row.id)}
      role="option"
      aria-selected={selected || marked}
      data-marked={marked || undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-entry-id={row.id}
      onClick={(event) => onSelect(row.id, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey })}
      // Fixed size and contained: adding or removing a row never lays out the others.
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT, contain: "strict" }}
      className={`absolute inset-x-0 top-0 grid ${gridColumns(dated)} cursor-pointer items-center gap-2 border-b border-zinc-100 px-3 text-xs dark:border-zinc-800/70 ${
        selected
          ? "bg-sky-100 dark:bg-sky-950"
          : marked
            ? "bg-sky-50 shadow-[inset_3px_0_0_0_#0369a1] dark:bg-sky-950/50"
            : "hover:bg-zinc-50 dark:hover:bg-zinc-900"
      }`}
    >
      <RowCells row={row} deviceName={deviceName} tags={tags} dated={dated} />
    </div>
  );
});

const RowCells = memo(function RowCells({
  row,
  deviceName,
  tags,
  dated,
}: {
  row: Row;
  deviceName: string;
  tags: Map<string, Tag>;
  dated: boolean;
}) {
  return (
    <>
      <span className="truncate font-mono tabular-nums text-zinc-600 dark:text-zinc-400" data-testid="row-time">
        <LocalTime iso={row.ts} withDate={dated ? "short" : false} />
      </span>
      <span className={`truncate ${HIDDEN_WHEN_NARROW}`} title={deviceName}>
        {deviceName}
      </span>
      <span className="font-mono font-semibold">{row.method}</span>
      <span className={`font-mono font-semibold tabular-nums ${statusTone(row.status)}`}>
        {statusLabel(row.status)}
      </span>
      <span className="truncate" title={row.host ?? ""}>
        {row.host}
      </span>
      <span className="truncate font-mono text-zinc-700 dark:text-zinc-300" title={row.path}>
        {row.path || "/"}
      </span>
      <span className={`text-right tabular-nums text-zinc-600 dark:text-zinc-400 ${HIDDEN_WHEN_NARROW}`}>
        {formatDuration(row.duration_ms)}
      </span>
      <span className={`text-right tabular-nums text-zinc-600 dark:text-zinc-400 ${HIDDEN_WHEN_NARROW}`}>
        {formatBytes(row.response_size)}
      </span>
      <span className={`flex min-w-0 gap-1 overflow-hidden ${HIDDEN_WHEN_NARROW}`}>
        {row.tag_ids.map((id) => {
          const tag = tags.get(id);
          return tag ? (
            <span
              key={id}
              className="truncate rounded px-1 text-[10px] leading-4 text-white"
              style={{ backgroundColor: tag.color }}
            >
              {tag.name}
            </span>
          ) : null;
        })}
      </span>
    </>
  );
});
