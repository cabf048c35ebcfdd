import { AppError } from "@/lib/errors";

/** The browser side of POST /functions/v1/ask: the SSE answer as callbacks (seed 003's events). */
export interface AskHandlers {
  onText(delta: string): void;
  onTool(label: string): void;
  onArtifact(artifact: Record<string, unknown>): void;
}

export interface AskBody {
  question: string;
  history?: { role: "user" | "assistant"; text: string }[];
  context?: string;
  priorAnswer?: string;
}

/** Resolves with the final answer (`done`); rejects with the server's AppError (e.g. the 503 that says what to set). */
export async function askStream(
  token: () => Promise<string>,
  body: AskBody,
  handlers: AskHandlers,
  signal: AbortSignal,
): Promise<string> {
  const response = await fetch("/functions/v1/ask", {
    method: "POST",
    headers: {
      authorization: `Bearer ${await token()}`,
      "content-type": "application/json",
      accept: "text/event-stream",
    },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) {
    const json: unknown = await response.json().catch(() => null);
    throw (
      AppError.from(json) ?? new AppError("SERVICE_UNAVAILABLE", `BusyBro answered ${response.status}.`, "Try again.")
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (frame.startsWith(":")) continue;
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (!event || data === undefined) continue;
      const payload = JSON.parse(data) as Record<string, unknown>;
      if (event === "text") handlers.onText(String(payload.delta ?? ""));
      else if (event === "tool") handlers.onTool(String(payload.label ?? ""));
      else if (event === "artifact") handlers.onArtifact(payload);
      else if (event === "error")
        throw new AppError("SERVICE_UNAVAILABLE", String(payload.message ?? "BusyBro failed."));
      else if (event === "done") return String(payload.answer ?? "");
    }
  }
  throw new AppError("SERVICE_UNAVAILABLE", "BusyBro's answer ended early.", "Try again.");
}
