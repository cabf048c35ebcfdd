import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { SIGN_OUT_PATH } from "@/lib/supabase/paths";

/**
 * The person, a link to their account page, and sign-out: a form post (the identity work's
 * route), so it works before JavaScript loads.
 */
export function UserMenu({ name, email, role }: { name: string | null; email: string | null; role: string | null }) {
  return (
    <div className="flex items-center gap-3">
      <div className="text-right text-xs leading-tight">
        <div className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="user-name">
          {name ?? email ?? "Signed in"}
        </div>
        <div className="text-zinc-500" data-testid="user-role">
          {role ?? "No role"}
        </div>
      </div>
      <Link href="/account" className={buttonClass("ghost", "sm")}>
        Account
      </Link>
      <form action={SIGN_OUT_PATH} method="post">
        <button type="submit" className={buttonClass("secondary", "sm")}>
          Sign out
        </button>
      </form>
    </div>
  );
}
