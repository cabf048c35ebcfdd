"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import { operationsOverHttp } from "@/lib/operations/http-client";
import type { CallOperation } from "@/lib/operations/registry-types";
import { signInPath } from "@/lib/supabase/paths";
import { createTokenSource } from "./access-token";
import type { PublicConfig } from "./public-config";
import { getBrowserQueryClient } from "./query-client";
import { createBrowserSupabase, type SupabaseClient } from "./supabase";

const SupabaseContext = createContext<SupabaseClient | null>(null);
const OperationsContext = createContext<CallOperation | null>(null);
const TokenContext = createContext<(() => Promise<string>) | null>(null);

/** A person whose session ended goes to sign-in and comes back to the page they were on. */
function sendToSignIn() {
  // A full page load, on purpose: it drops every cache of the session that ended.
  window.location.assign(signInPath(`${window.location.pathname}${window.location.search}`));
}

/**
 * The browser data layer for the signed-in pages, one of each per tab: the operations client
 * (every read and write), the supabase-js client (Realtime only) and the QueryClient, all on
 * the same Busymate access token.
 */
export function BrowserProviders({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const [{ supabase, call, token }] = useState(() => {
    const source = createTokenSource({ onSignedOut: sendToSignIn });
    // Rendered on the server too: there the client only has to exist (no channel is joined
    // during SSR), and asking for a token there would fetch a relative URL and fail.
    const supabaseToken = typeof window === "undefined" ? async () => "" : source;
    return { supabase: createBrowserSupabase(config, supabaseToken), call: operationsOverHttp(source), token: source };
  });
  return (
    <QueryClientProvider client={getBrowserQueryClient()}>
      <TokenContext.Provider value={token}>
        <OperationsContext.Provider value={call}>
          <SupabaseContext.Provider value={supabase}>{children}</SupabaseContext.Provider>
        </OperationsContext.Provider>
      </TokenContext.Provider>
    </QueryClientProvider>
  );
}

/** The supabase-js client, for Realtime: reads and writes go through useOperations(). */
export function useSupabase(): SupabaseClient {
  const supabase = useContext(SupabaseContext);
  if (!supabase) throw new Error("useSupabase() needs <BrowserProviders> above it.");
  return supabase;
}

/** Runs registry operations as the signed-in person (POST /api/operations/<name>). */
export function useOperations(): CallOperation {
  const call = useContext(OperationsContext);
  if (!call) throw new Error("useOperations() needs <BrowserProviders> above it.");
  return call;
}

/** The Busymate access token, for the few calls that are not operations (BusyBro's streamed answers). */
export function useAccessToken(): () => Promise<string> {
  const token = useContext(TokenContext);
  if (!token) throw new Error("useAccessToken() needs <BrowserProviders> above it.");
  return token;
}
