"use server";

import type { Route } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ownerPool } from "@/lib/db/pool";
import { clientIpFrom, hitRateLimit, peekRateLimit, RATE_LIMITS } from "@/lib/rate-limit";
import { safeNextPath } from "@/lib/supabase/paths";
import { createSupabaseServerClient } from "@/lib/supabase/server";

export interface SignInState {
  error?: string;
  email?: string;
  /** Set when the next page is outside Next (the OAuth server's interaction): the form navigates there itself. */
  navigateTo?: string;
}

/** Paths the custom server answers before Next: a client-side router navigation cannot reach them. */
const OUTSIDE_NEXT = ["/interaction/", "/oauth/"];

const form = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
  next: z.string().optional(),
});

/** Email + password sign-in through Supabase Auth; the session lands in cookies (@supabase/ssr). */
export async function signIn(_previous: SignInState, data: FormData): Promise<SignInState> {
  const parsed = form.safeParse({
    email: data.get("email"),
    password: data.get("password"),
    next: data.get("next") ?? undefined,
  });
  const email = typeof data.get("email") === "string" ? String(data.get("email")) : "";
  if (!parsed.success) return { error: "Enter your email address and password.", email };

  // Every attempt counts against the address; only failures count against the account,
  // so guessing one person's password is slow while that person still signs in freely.
  const pool = ownerPool();
  const tooMany = (seconds: number) => ({ error: `Too many sign-in attempts. Try again in ${seconds} s.`, email });
  const perIp = await hitRateLimit(pool, RATE_LIMITS.signInIp, clientIpFrom(await headers()));
  if (!perIp.allowed) return tooMany(perIp.retryAfterSeconds);
  const perAccount = await peekRateLimit(pool, RATE_LIMITS.signInFailures, parsed.data.email);
  if (!perAccount.allowed) return tooMany(perAccount.retryAfterSeconds);

  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.signInWithPassword({
    email: parsed.data.email,
    password: parsed.data.password,
  });
  if (error) {
    const wrong = error.status === 400 || error.code === "invalid_credentials";
    if (wrong) await hitRateLimit(pool, RATE_LIMITS.signInFailures, parsed.data.email);
    return {
      error: wrong ? "Wrong email or password." : "Sign-in is not available right now. Try again in a moment.",
      email,
    };
  }
  const next = safeNextPath(parsed.data.next);
  // A full page load, so the authorization server's cookies reach the browser.
  if (OUTSIDE_NEXT.some((prefix) => next.startsWith(prefix))) return { navigateTo: next };
  redirect(next as Route);
}
