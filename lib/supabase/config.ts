import { serverConfig } from "@/lib/config";

/** Where Supabase is and the key a browser may hold: read at run time, never inlined by the build. */
export function supabasePublicConfig(): { url: string; publishableKey: string } {
  const config = serverConfig();
  return { url: config.NEXT_PUBLIC_SUPABASE_URL, publishableKey: config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY };
}
