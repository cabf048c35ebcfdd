"use client";

import { useEffect, useId, useRef, useState } from "react";
import { buttonClass } from "./button";

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

interface MultiSelectProps {
  label: string;
  options: Option[];
  selected: string[];
  onChange: (values: string[]) => void;
  /** Lets the person add a value not in the list (a host); returns the value, or null if invalid. */
  acceptCustom?: (text: string) => string | null;
  searchPlaceholder?: string;
  testId?: string;
}

/**
 * A filter picker: a button that opens a searchable list of checkboxes. Keyboard: Enter or
 * Space opens it, typing narrows it, Tab moves through the boxes, Escape closes it and returns
 * focus to the button.
 */
export function MultiSelect({
  label,
  options,
  selected,
  onChange,
  acceptCustom,
  searchPlaceholder = "Search…",
  testId,
}: MultiSelectProps) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const needle = text.trim().toLowerCase();
  const known = new Set(options.map((o) => o.value));
  // Selected values missing from the options (a host typed earlier) still show, to be unticked.
  const all: Option[] = [...options, ...selected.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
  const shown = needle
    ? all.filter((o) => o.label.toLowerCase().includes(needle) || o.value.toLowerCase().includes(needle))
    : all;
  const custom = acceptCustom && needle ? acceptCustom(text) : null;
  const canAdd = custom !== null && !selected.includes(custom);

  const toggle = (value: string) =>
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  const close = () => {
    setOpen(false);
    setText("");
    button.current?.focus();
  };

  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => e.key === "Escape" && open && (e.stopPropagation(), close())}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
        className={`${buttonClass(selected.length ? "primary" : "secondary", "sm")}`}
      >
        {label}
        {selected.length > 0 && <span className="rounded bg-white/25 px-1 tabular-nums">{selected.length}</span>}
        <span aria-hidden>▾</span>
      </button>
      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-label={label}
          className="absolute z-30 mt-1 w-72 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <input
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && canAdd && custom) {
                e.preventDefault();
                onChange([...selected, custom]);
                setText("");
              }
            }}
            placeholder={searchPlaceholder}
            aria-label={`${label}: search`}
            className="mb-2 h-8 w-full rounded border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700"
          />
          {canAdd && custom && (
            <button
              type="button"
              onClick={() => (onChange([...selected, custom]), setText(""))}
              className="mb-1 w-full rounded px-2 py-1 text-left text-sm text-sky-700 hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-sky-950"
            >
              Add “{custom}”
            </button>
          )}
          <ul className="max-h-64 overflow-auto">
            {shown.length === 0 && !canAdd && <li className="px-2 py-1 text-sm text-zinc-500">Nothing matches.</li>}
            {shown.map((o) => (
              <li key={o.value}>
                <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
                  <input
                    type="checkbox"
                    checked={selected.includes(o.value)}
                    onChange={() => toggle(o.value)}
                    className="accent-sky-700"
                  />
                  <span className="min-w-0 flex-1 truncate">{o.label}</span>
                  {o.hint && <span className="text-xs text-zinc-500 tabular-nums">{o.hint}</span>}
                </label>
              </li>
            ))}
          </ul>
          {selected.length > 0 && (
            <button
              type="button"
              onClick={() => onChange([])}
              className="mt-1 w-full rounded px-2 py-1 text-left text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
            >
              Clear {label.toLowerCase()}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
