"use client";

import { useEffect, useState } from "react";
import { applyTheme, THEME_KEY, type ThemeChoice } from "./theme";

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => {
    const stored = localStorage.getItem(THEME_KEY) as ThemeChoice | null;
    // Also applied here: the inline script covers the first paint of a full load, this covers
    // everything else (a client-side navigation into the dashboard, a blocked inline script).
    applyTheme(stored ?? "system");
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    if (stored) setChoice(stored);
  }, []);
  useEffect(() => {
    if (choice !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [choice]);
  const choose = (next: ThemeChoice) => {
    setChoice(next);
    localStorage.setItem(THEME_KEY, next);
    applyTheme(next);
  };
  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
      Theme
      <select
        value={choice}
        onChange={(e) => choose(e.target.value as ThemeChoice)}
        data-testid="theme-select"
        className="h-7 rounded border border-zinc-300 bg-transparent px-1 dark:border-zinc-700 dark:bg-zinc-950"
      >
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
