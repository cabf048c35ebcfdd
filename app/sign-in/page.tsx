import type { Metadata, Route } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/supabase/paths";
import { signedInPerson } from "@/lib/supabase/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { next: rawNext } = await searchParams;
  const next = safeNextPath(typeof rawNext === "string" ? rawNext : undefined);
  if (await signedInPerson()) redirect(next as Route);
  return (
    <main className="mx-auto mt-24 max-w-sm space-y-8 px-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Sign in to Busymate</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Use the email address and password your administrator gave you.
        </p>
      </header>
      <SignInForm next={next} />
    </main>
  );
}
