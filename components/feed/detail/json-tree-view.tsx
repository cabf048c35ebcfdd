"use client";

import { useState } from "react";
import { containerPaths, jsonTree, type JsonKind, type JsonRow } from "@/lib/render/json-tree";
import { Button } from "@/components/ui/button";

const KIND_COLOUR: Record<JsonKind, string> = {
  string: "text-emerald-700 dark:text-emerald-400",
  number: "text-sky-700 dark:text-sky-400",
  boolean: "text-violet-700 dark:text-violet-400",
  null: "text-zinc-500",
  object: "",
  array: "",
};

const bracket = (kind: "object" | "array", open: boolean) => (kind === "array" ? (open ? "[" : "]") : open ? "{" : "}");

/** JSON as a collapsible, syntax-coloured tree; every container is a button (Enter/Space toggles). */
export function JsonTreeView({ value }: { value: unknown }) {
  const [overrides, setOverrides] = useState<Map<string, boolean>>(new Map());
  const [limits, setLimits] = useState<Map<string, number>>(new Map());
  const { rows, cut } = jsonTree(value, { overrides, childLimits: limits });

  const toggle = (row: Extract<JsonRow, { type: "open" }>) =>
    setOverrides(new Map(overrides).set(row.path, !row.expanded));
  const setAll = (open: boolean) => setOverrides(new Map(containerPaths(value).map((p) => [p, open])));

  return (
    <div className="space-y-1">
      <div className="flex gap-1">
        <Button size="sm" variant="ghost" onClick={() => setAll(true)}>
          Expand all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setAll(false)}>
          Collapse all
        </Button>
      </div>
      <div
        aria-label="JSON body"
        data-testid="json-tree"
        className="overflow-x-auto rounded-md bg-zinc-50 p-2 font-mono text-xs leading-5 dark:bg-zinc-900"
      >
        {rows.map((row, i) => (
          <div
            key={`${row.type}:${row.path}:${i}`}
            style={{ paddingLeft: `${row.depth * 1.25}rem` }}
            className="whitespace-pre"
          >
            <JsonLine
              row={row}
              onToggle={toggle}
              onMore={(path, hidden) =>
                setLimits(new Map(limits).set(path, (limits.get(path) ?? 500) + Math.min(hidden, 500)))
              }
            />
          </div>
        ))}
        {cut && (
          <div className="text-zinc-500">
            … the rest is not shown (too large to display as a tree; see the raw text)
          </div>
        )}
      </div>
    </div>
  );
}

function Key({ name }: { name: string | null }) {
  if (name === null) return null;
  return (
    <>
      <span className="text-rose-700 dark:text-rose-300">{JSON.stringify(name)}</span>:{" "}
    </>
  );
}

function JsonLine({
  row,
  onToggle,
  onMore,
}: {
  row: JsonRow;
  onToggle: (row: Extract<JsonRow, { type: "open" }>) => void;
  onMore: (path: string, hidden: number) => void;
}) {
  switch (row.type) {
    case "value":
      return (
        <>
          <Key name={row.key} />
          <span className={KIND_COLOUR[row.kind]}>{row.text}</span>
          {row.comma && ","}
        </>
      );
    case "open":
      return (
        <>
          <Key name={row.key} />
          <button
            type="button"
            onClick={() => onToggle(row)}
            aria-expanded={row.expanded}
            aria-label={`${row.expanded ? "Collapse" : "Expand"} ${row.key ?? "value"}`}
            className="rounded hover:bg-zinc-200 dark:hover:bg-zinc-700"
          >
            <span aria-hidden className="inline-block w-3 text-zinc-500">
              {row.size === 0 ? " " : row.expanded ? "▾" : "▸"}
            </span>
            {bracket(row.kind, true)}
            {!row.expanded && (
              <>
                {row.size > 0 && (
                  <span className="text-zinc-500">
                    {" "}
                    {row.size}{" "}
                    {row.kind === "array" ? (row.size === 1 ? "item" : "items") : row.size === 1 ? "key" : "keys"}{" "}
                  </span>
                )}
                {bracket(row.kind, false)}
              </>
            )}
          </button>
          {!row.expanded && row.comma && ","}
        </>
      );
    case "close":
      return (
        <>
          {bracket(row.kind, false)}
          {row.comma && ","}
        </>
      );
    case "more":
      return (
        <button
          type="button"
          onClick={() => onMore(row.path, row.hidden)}
          className="text-sky-700 hover:underline dark:text-sky-400"
        >
          … {row.hidden.toLocaleString("en-US")} more
        </button>
      );
  }
}
