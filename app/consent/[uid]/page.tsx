import type { Metadata } from "next";
import { ownerPool } from "@/lib/db/pool";
import { SCOPE_WRITE } from "@/lib/auth/token-model";
import { hostOf } from "@/lib/oauth/authorizations";
import { loadConsentRequest } from "@/lib/oauth/consent-requests";
import { requireSignedIn } from "@/lib/supabase/session";

export const metadata: Metadata = { title: "Authorize an application" };

/**
 * The consent page of an OAuth authorization (the authorization server sends the person
 * here from /interaction/<uid>). It names the client and where it will be sent back to, and
 * lets the person grant read-only or read-write access; the form posts back to the server.
 */
export default async function ConsentPage({ params }: PageProps<"/consent/[uid]">) {
  const { uid } = await params;
  const person = await requireSignedIn(`/consent/${uid}`);
  const request = await loadConsentRequest(ownerPool(), uid, person.userId);

  if (!request) {
    return (
      <main className="mx-auto mt-24 max-w-lg space-y-4 px-6">
        <h1 className="text-2xl font-bold">This authorization request has expired</h1>
        <p className="text-zinc-600 dark:text-zinc-400">
          It timed out, was already answered, or belongs to someone else. Start again from the application that sent you
          here.
        </p>
      </main>
    );
  }

  const name = request.clientName ?? request.clientId;
  const redirectHost = hostOf(request.redirectUri);
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(redirectHost);
  const canWrite = request.requestedScopes.includes(SCOPE_WRITE);

  return (
    <main className="mx-auto mt-16 max-w-lg space-y-6 px-6">
      <header className="space-y-2">
        <p className="text-sm text-zinc-500">Busymate · signed in as {person.email ?? person.userId}</p>
        <h1 className="text-2xl font-bold" data-testid="consent-client">
          Authorize {name}
        </h1>
        {request.clientName && request.clientId.startsWith("https://") ? (
          <p className="text-sm break-all text-zinc-500">{request.clientId}</p>
        ) : null}
      </header>
      <p>
        <strong>{name}</strong> wants to use Busymate as you: your devices, captures and everything else your role can
        see.
      </p>
      <p className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
        After you decide, you will be sent to <strong data-testid="consent-redirect-host">{redirectHost}</strong>
        {local ? " (an application on this computer)" : ""}. Only continue if you started this from {name}.
      </p>
      <form method="post" action={`/interaction/${uid}/consent`} className="space-y-4">
        <fieldset className="space-y-2">
          <legend className="mb-1 font-medium">Access</legend>
          <label className="flex items-start gap-2">
            <input type="radio" name="access" value="read" defaultChecked className="mt-1" />
            <span>
              <strong>Read-only</strong> — can look, never change anything.
            </span>
          </label>
          {canWrite ? (
            <label className="flex items-start gap-2">
              <input type="radio" name="access" value="write" className="mt-1" />
              <span>
                <strong>Read and write</strong> — can also change what your role allows you to change.
              </span>
            </label>
          ) : null}
        </fieldset>
        <div className="flex gap-3">
          <button type="submit" className="rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800">
            Allow
          </button>
          <button
            type="submit"
            formAction={`/interaction/${uid}/deny`}
            className="rounded-md border border-zinc-300 px-4 py-2 dark:border-zinc-700"
          >
            Deny
          </button>
        </div>
      </form>
    </main>
  );
}
