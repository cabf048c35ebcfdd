import type { NextRequest } from "next/server";
import { updateSession } from "@/lib/supabase/proxy";

/**
 * Next 16's proxy (formerly middleware): refreshes the Supabase session on every page
 * request and sends signed-out people to sign-in and back. It is not the gate: pages, route
 * handlers and server actions each check the caller themselves.
 */
export async function proxy(request: NextRequest) {
  return updateSession(request);
}

export const config = {
  // Static files, images, health checks and the token-authenticated API and MCP never need a session;
  // /first-party-token checks (and refreshes) the session itself, on the dashboard's hot path.
  matcher: [
    "/((?!_next/static|_next/image|favicon\\.ico|api/|mcp|health|llms\\.txt|first-party-token|functions/v1/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)",
  ],
};
