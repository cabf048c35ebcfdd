/**
 * What one POST to /mcp asks for, read from its JSON-RPC body before the SDK serves it: which
 * tools the per-request server needs (one for a call, the caller's set for a list) and how
 * many tool calls to count against the rate limit.
 */
export type RequestPlan =
  { kind: "call"; tool: string; calls: 1 } | { kind: "list"; calls: number } | { kind: "other"; calls: number };

interface Message {
  method?: unknown;
  params?: { name?: unknown };
}

const isToolCall = (message: Message) => message?.method === "tools/call";

export function planOf(body: unknown): RequestPlan {
  if (Array.isArray(body)) {
    // A 2025-03-26 batch: list the caller's tools; every call in it counts.
    return { kind: "list", calls: body.filter((message) => isToolCall(message as Message)).length };
  }
  const message = (body ?? {}) as Message;
  if (isToolCall(message) && typeof message.params?.name === "string")
    return { kind: "call", tool: message.params.name, calls: 1 };
  if (message.method === "tools/list") return { kind: "list", calls: 0 };
  return { kind: "other", calls: isToolCall(message) ? 1 : 0 };
}
