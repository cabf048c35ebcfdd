"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import { signInPath } from "@/lib/supabase/paths";
import { createTokenSource } from "./access-token";
import type { PublicConfig } from "./public-config";
import { getBrowserQueryClient } from "./query-client";
import { createBrowserSupabase, type SupabaseClient } from "./supabase";

const SupabaseContext = createContext<SupabaseClient | null>(null);
const AccessTokenContext = createContext<(() => Promise<string>) | null>(null);

/** A person whose session ended goes to sign-in and comes back to the page they were on. */
function sendToSignIn() {
  // A full page load, on purpose: it drops every cache of the session that ended.
  window.location.assign(signInPath(`${window.location.pathname}${window.location.search}`));
}

/** The browser data layer for the signed-in pages: one supabase-js client and one QueryClient per tab. */
export function BrowserProviders({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const [{ supabase, accessToken }] = useState(() => {
    const source = createTokenSource({ onSignedOut: sendToSignIn });
    return { supabase: createBrowserSupabase(config, source), accessToken: source };
  });
  return (
    <QueryClientProvider client={getBrowserQueryClient()}>
      <AccessTokenContext.Provider value={accessToken}>
        <SupabaseContext.Provider value={supabase}>{children}</SupabaseContext.Provider>
      </AccessTokenContext.Provider>
    </QueryClientProvider>
  );
}

export function useSupabase(): SupabaseClient {
  const supabase = useContext(SupabaseContext);
  if (!supabase) throw new Error("useSupabase() needs <BrowserProviders> above it.");
  return supabase;
}

/** The Busymate access token, for the app's own token-authenticated routes (/api/devices…). */
export function useAccessToken(): () => Promise<string> {
  const accessToken = useContext(AccessTokenContext);
  if (!accessToken) throw new Error("useAccessToken() needs <BrowserProviders> above it.");
  return accessToken;
}
