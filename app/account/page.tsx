import type { Metadata } from "next";
import { ownerPool } from "@/lib/db/pool";
import { SCOPE_WRITE } from "@/lib/auth/token-model";
import { listAuthorisedClients } from "@/lib/oauth/authorizations";
import { callerFromSession } from "@/lib/operations/caller";
import { operationsAs } from "@/lib/operations/server-client";
import { TelegramSection } from "@/components/account/telegram-section";
import { requireSignedIn } from "@/lib/supabase/session";
import { revokeClient } from "./actions";

export const metadata: Metadata = { title: "Account" };

/** The signed-in person's account: who they are, the applications they have authorised, their Telegram link. */
export default async function AccountPage() {
  const person = await requireSignedIn("/account");
  const [clients, telegram] = await Promise.all([
    listAuthorisedClients(ownerPool(), person.userId),
    operationsAs(callerFromSession(person.userId))("get_telegram_link", {}),
  ]);
  return (
    <div className="mx-auto max-w-4xl space-y-8 overflow-auto px-6 py-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Account</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="account-email">
          {person.email}
        </p>
      </header>
      <section className="space-y-3" aria-labelledby="clients-heading">
        <h2 id="clients-heading" className="text-lg font-semibold">
          Authorised applications
        </h2>
        {clients.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No application holds access to your Busymate data.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="authorised-clients">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-2 font-medium">Application</th>
                <th className="py-2 font-medium">Returns to</th>
                <th className="py-2 font-medium">Access</th>
                <th className="py-2 font-medium">Authorised</th>
                <th className="py-2" />
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.clientId} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-2">
                    <div className="font-medium">{client.clientName ?? client.clientId}</div>
                    {client.clientName ? (
                      <div className="text-xs break-all text-zinc-500">{client.clientId}</div>
                    ) : null}
                  </td>
                  <td className="py-2">{client.redirectHost}</td>
                  <td className="py-2">
                    {client.scope.split(" ").includes(SCOPE_WRITE) ? "Read and write" : "Read-only"}
                  </td>
                  <td className="py-2">{client.authorisedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
                  <td className="py-2 text-right">
                    <form action={revokeClient}>
                      <input type="hidden" name="client_id" value={client.clientId} />
                      <button
                        type="submit"
                        className="rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                      >
                        Revoke
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="text-xs text-zinc-500">
          Revoking ends the application&apos;s access at its next token refresh (within 15 minutes).
        </p>
      </section>
      <TelegramSection initial={telegram} />
    </div>
  );
}
