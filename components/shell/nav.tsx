"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { focusRing } from "@/components/ui/button";
import type { Section } from "./sections";

export function Nav({ sections }: { sections: Section[] }) {
  const pathname = usePathname();
  return (
    // Many sections for an admin: they wrap onto a second line rather than hide or push the
    // header's right side off.
    <nav aria-label="Sections" className="min-w-0 max-md:order-last max-md:w-full max-md:overflow-x-auto">
      <ul className="flex gap-1 md:flex-wrap">
        {sections.map((s) => {
          const current = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={current ? "page" : undefined}
                className={`block rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${focusRing} ${
                  current
                    ? "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100"
                    : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                }`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
