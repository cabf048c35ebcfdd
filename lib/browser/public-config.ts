/** What the browser needs to reach Supabase, handed over by the server at run time (never inlined at build). */
export interface PublicConfig {
  supabaseUrl: string;
  publishableKey: string;
}
