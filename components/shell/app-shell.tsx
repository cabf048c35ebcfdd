import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ChatPanel } from "@/components/busybro/chat-panel";
import type { Access } from "@/lib/data/access";
import type { DashboardSession } from "@/lib/browser/server-supabase";
import { Nav } from "./nav";
import { allowedSections } from "./sections";
import { THEME_SCRIPT } from "./theme";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";
import { VersionFooter } from "./version-footer";

/** The signed-in frame: skip link, header with sections and the person, the page, the version. */
export async function AppShell({
  session,
  access,
  busybro,
  children,
}: {
  session: DashboardSession;
  access: Access;
  /** Why BusyBro cannot answer here (no model configured), or null when it can. */
  busybro: { message: string; remediation?: string } | null;
  children: ReactNode;
}) {
  // proxy.ts's CSP admits only scripts carrying this response's nonce.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <div className="flex h-dvh flex-col">
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      <a
        href="#main"
        className="sr-only rounded bg-sky-700 px-3 py-1 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      {/* On a phone the sections drop below as one row that scrolls sideways, and the rest wraps. */}
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <span className="text-base font-bold tracking-tight">Busymate</span>
        <Nav sections={allowedSections(access.capabilities)} />
        <div className="ml-auto flex flex-wrap items-center justify-end gap-x-4 gap-y-1">
          {access.capabilities.includes("busybro:view") && <ChatPanel unavailable={busybro} />}
          <ThemeToggle />
          <UserMenu name={session.name} email={session.email} role={access.role?.name ?? null} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-hidden outline-none">
        {children}
      </main>
      <VersionFooter />
    </div>
  );
}
