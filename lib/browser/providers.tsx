"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import { createTokenSource } from "./access-token";
import type { PublicConfig } from "./public-config";
import { getBrowserQueryClient } from "./query-client";
import { createBrowserSupabase, type SupabaseClient } from "./supabase";

const SupabaseContext = createContext<SupabaseClient | null>(null);

/** Where a person whose session ended is sent; they come back to the page they were on. */
export const SIGN_IN_PATH = "/sign-in";

function sendToSignIn() {
  const next = `${window.location.pathname}${window.location.search}`;
  // A full page load, on purpose: it drops every cache of the session that ended.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`);
}

/** The browser data layer for the signed-in pages: one supabase-js client and one QueryClient per tab. */
export function BrowserProviders({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const [supabase] = useState(() => createBrowserSupabase(config, createTokenSource({ onSignedOut: sendToSignIn })));
  return (
    <QueryClientProvider client={getBrowserQueryClient()}>
      <SupabaseContext.Provider value={supabase}>{children}</SupabaseContext.Provider>
    </QueryClientProvider>
  );
}

export function useSupabase(): SupabaseClient {
  const supabase = useContext(SupabaseContext);
  if (!supabase) throw new Error("useSupabase() needs <BrowserProviders> above it.");
  return supabase;
}
