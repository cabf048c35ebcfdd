"use client";

import { useSyncExternalStore } from "react";

const never = () => () => undefined;

/**
 * False on the server and during hydration, true after: what depends on the browser's clock
 * or time zone renders only then, so the server's HTML and the first client render agree
 * (a mismatch is React's hydration error #418 on every page that shows a time).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
