import type { RateLimitPolicy } from "@/lib/rate-limit";

/**
 * Tool calls per person and OAuth client (not per token: a client refreshing its token every
 * 15 minutes must not get a fresh allowance). 600 a minute is ten a second sustained, far
 * beyond an agent working for a person, and stops a runaway loop within a minute.
 */
export const MCP_TOOL_CALLS: RateLimitPolicy = { name: "mcp_tool_calls", limit: 600, periodSeconds: 60 };

export const rateLimitSubject = (sub: string, clientId: string | undefined) => `${sub}:${clientId ?? "-"}`;
