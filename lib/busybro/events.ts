/** What an answer streams, in the ask API's SSE vocabulary (seed 003). */
export type AskEvent =
  | { event: "text"; data: { delta: string } }
  | { event: "tool"; data: { label: string } }
  | { event: "artifact"; data: Record<string, unknown> }
  | { event: "done"; data: { answer: string } }
  | { event: "error"; data: { message: string } };

export type Emit = (event: AskEvent) => void;

/** One SSE frame. `data` is one JSON line, so no payload can break the framing. */
export function sseFrame({ event, data }: AskEvent): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const SSE_PING = ": ping\n\n";
