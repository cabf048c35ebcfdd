"use client";

import { useEffect, useState } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * The current time, re-read every `intervalMs`: online states and "ago" labels age without any
 * event. Null until hydrated, so the server's HTML and the first client render agree.
 */
export function useNow(intervalMs = 5000): number | null {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return hydrated ? now : null;
}
