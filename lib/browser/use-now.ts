"use client";

import { useEffect, useState } from "react";

/** The current time, re-read every `intervalMs`: online states and "ago" labels age without any event. */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
