import type { Route } from "next";

/**
 * The dashboard's sections and the capability each needs. Navigation shows a section only
 * when the person's role grants it; a section not built yet is simply not listed here.
 */
export interface Section {
  href: Route;
  label: string;
  capability: string;
}

export const SECTIONS: Section[] = [
  { href: "/feed", label: "Feed", capability: "entries:view" },
  { href: "/devices", label: "Devices", capability: "devices:view" },
  { href: "/workspaces", label: "Workspaces", capability: "workspaces:view" },
  { href: "/tags", label: "Tags", capability: "tags:view" },
  { href: "/agents", label: "Agents", capability: "agents:view" },
  { href: "/service-groups", label: "Service groups", capability: "services:view" },
  { href: "/breakpoints", label: "Breakpoints", capability: "breakpoints:view" },
  { href: "/settings", label: "Settings", capability: "settings:view" },
  { href: "/stats", label: "Stats", capability: "stats:view" },
  { href: "/status", label: "Status", capability: "status:view" },
  { href: "/users", label: "People", capability: "users:view" },
  { href: "/roles", label: "Roles", capability: "roles:view" },
  { href: "/audit", label: "Audit", capability: "users:view" },
];

export function allowedSections(capabilities: readonly string[]): Section[] {
  return SECTIONS.filter((s) => capabilities.includes(s.capability));
}
