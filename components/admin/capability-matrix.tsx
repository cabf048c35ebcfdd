"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CAPABILITY_SECTIONS, capabilityState, toggleCapability, type Role } from "@/lib/data/admin";

const SECTION_HELP: Record<string, string> = {
  devices: "devices and heartbeats",
  entries: "captures: read (view), delete (edit)",
  workspaces: "workspaces, their devices, tabs and pins",
  settings: "device settings; global settings also need fleet scope",
  services: "service groups",
  agents: "BusyBro agents",
  tags: "tags on captures",
  breakpoints: "held requests and resuming them",
  users: "people and their roles",
  roles: "this page",
  stats: "fleet stats",
  status: "service status",
  busybro: "asking BusyBro",
};

/** Sections × view/edit, and the role's scope; every change is saved at once. */
export function CapabilityMatrix({
  role,
  editable,
  busy,
  onRename,
  onScope,
  onCapabilities,
}: {
  role: Role;
  editable: boolean;
  busy: boolean;
  onRename: (name: string) => void;
  onScope: (scope: "own" | "fleet") => void;
  onCapabilities: (capabilities: string[]) => void;
}) {
  // Keyed by role slug where it is used, so this starts afresh per role.
  const [name, setName] = useState(role.name);
  const renamable = editable && !role.built_in;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-4">
        {renamable && (
          <form
            className="flex items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim() && name.trim() !== role.name) onRename(name.trim());
            }}
          >
            <label className="text-sm">
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">Name</span>
              <input
                value={name}
                onChange={(event) => setName(event.target.value)}
                maxLength={80}
                className="h-8 rounded border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900"
              />
            </label>
            <Button type="submit" size="sm" disabled={busy || !name.trim() || name.trim() === role.name}>
              Rename
            </Button>
          </form>
        )}
        <fieldset className="text-sm" disabled={!renamable || busy}>
          <legend className="text-xs text-zinc-600 dark:text-zinc-400">Scope</legend>
          <div className="flex gap-3">
            {(["own", "fleet"] as const).map((scope) => (
              <label key={scope} className="flex items-center gap-1">
                <input
                  type="radio"
                  name={`scope-${role.slug}`}
                  checked={role.scope === scope}
                  onChange={() => onScope(scope)}
                />
                {scope === "own" ? "Own: their devices and data" : "Fleet: everyone's"}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <table className="text-sm" data-testid="capability-matrix">
        <caption className="sr-only">Capabilities of {role.name}</caption>
        <thead className="text-left text-xs text-zinc-600 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-1 pr-6">
              Section
            </th>
            <th scope="col" className="px-3 py-1">
              View
            </th>
            <th scope="col" className="px-3 py-1">
              Edit
            </th>
            <th scope="col" className="py-1 pl-3">
              Gates
            </th>
          </tr>
        </thead>
        <tbody>
          {CAPABILITY_SECTIONS.map((section) => {
            const state = capabilityState(role.capabilities, section);
            return (
              <tr key={section} className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="row" className="py-1 pr-6 text-left font-medium">
                  {section}
                </th>
                {(["view", "edit"] as const).map((action) => (
                  <td key={action} className="px-3 py-1 text-center">
                    <input
                      type="checkbox"
                      aria-label={`${section}: ${action}`}
                      checked={action === "view" ? state !== "none" : state === "edit"}
                      disabled={!editable || busy}
                      onChange={(event) =>
                        onCapabilities(toggleCapability(role.capabilities, section, action, event.target.checked))
                      }
                    />
                  </td>
                ))}
                <td className="py-1 pl-3 text-xs text-zinc-600 dark:text-zinc-400">{SECTION_HELP[section]}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Edit includes view. Changes are saved as you make them.
      </p>
    </div>
  );
}
