/**
 * Props for a page's own scrolling body. A scrollable box must be reachable by keyboard
 * (WCAG 2.1.1, axe `scrollable-region-focusable`) even when nothing inside it is focusable,
 * as on a status page of read-only cards; naming the region tells a screen reader what it enters.
 */
export function scrollRegion(label: string) {
  return { tabIndex: 0, role: "region", "aria-label": label } as const;
}
