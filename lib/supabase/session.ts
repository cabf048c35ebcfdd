import type { Route } from "next";
import { redirect } from "next/navigation";
import { cache } from "react";
import { createSupabaseServerClient } from "./server";
import { signInPath } from "./paths";

export interface SignedInPerson {
  userId: string;
  email: string | null;
  name: string | null;
}

interface SessionClaims {
  sub?: string;
  email?: string;
  user_metadata?: { name?: string; full_name?: string };
}

/**
 * The person signed in to this request, checked with Supabase Auth (`getClaims` verifies the
 * session JWT; with a symmetric project secret it asks the Auth server), or null. Cached per request.
 */
export const signedInPerson = cache(async (): Promise<SignedInPerson | null> => {
  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth.getClaims();
  const claims = data?.claims as SessionClaims | undefined;
  if (error || !claims?.sub) return null;
  return {
    userId: claims.sub,
    email: claims.email ?? null,
    name: claims.user_metadata?.name ?? claims.user_metadata?.full_name ?? null,
  };
});

/** For a protected page: the person, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireSignedIn(returnTo: string): Promise<SignedInPerson> {
  const person = await signedInPerson();
  if (!person) redirect(signInPath(returnTo) as Route);
  return person;
}
