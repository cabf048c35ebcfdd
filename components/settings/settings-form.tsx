"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { MutationError } from "@/components/ui/mutation-error";
import { draftProblem, type Draft, type Key } from "@/lib/data/settings";
import type { ServiceGroup } from "@/lib/data/service-groups";
import { BreakpointsEditor } from "./breakpoints-editor";
import { EnvEditor } from "./env-editor";
import type { DocEditor } from "./use-doc-editor";

type Capture = { id: number; method: string | null; host: string | null; path: string | null };

interface SettingsFormProps {
  title: string;
  /** "Global" or "Device": prefixes the fields' labels so both forms can sit side by side. */
  prefix: string;
  editor: DocEditor;
  /** For a device: the global draft each key falls back to when not overridden. */
  inherited?: Draft;
  readOnly: boolean;
  readOnlyReason?: string;
  groups: ServiceGroup[] | undefined;
  captures: Capture[] | undefined;
  saving: boolean;
  error: Error | null;
  onSave: () => void;
  onReload: () => void;
  note?: ReactNode;
}

const SECTION_TITLES: Record<Key, string> = {
  breakpoints: "Breakpoints",
  env: "Environment variables",
  service_group_ids: "SSL-proxy service groups",
};

export function SettingsForm(props: SettingsFormProps) {
  const { editor, inherited, readOnly, prefix } = props;
  const problem = draftProblem(editor.draft);
  const section = (key: Key, body: (draft: Draft, locked: boolean) => ReactNode) => {
    const overridden = !inherited || editor.overrides[key];
    return (
      <fieldset className="space-y-2 border-t border-zinc-200 pt-2 dark:border-zinc-800">
        <legend className="flex items-center gap-2 text-xs font-semibold">
          {SECTION_TITLES[key]}
          {inherited && (
            <label className="flex items-center gap-1 font-normal">
              <input
                type="checkbox"
                checked={overridden}
                disabled={readOnly}
                onChange={(e) => {
                  editor.setOverrides({ ...editor.overrides, [key]: e.target.checked });
                  // Start the override from what the device receives now.
                  if (e.target.checked) editor.setDraft({ ...editor.draft, [key]: inherited[key] });
                }}
              />
              Override global
            </label>
          )}
        </legend>
        {overridden ? (
          body(editor.draft, readOnly)
        ) : (
          <div className="border-l-2 border-zinc-300 pl-2 dark:border-zinc-700" data-testid="inherited">
            <p className="text-xs text-zinc-600 dark:text-zinc-400">Taken from global:</p>
            {body(inherited, true)}
          </div>
        )}
      </fieldset>
    );
  };
  const set = (patch: Partial<Draft>) => editor.setDraft({ ...editor.draft, ...patch });
  return (
    <form
      aria-label={props.title}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!readOnly && !problem && editor.dirty) props.onSave();
      }}
    >
      <h2 className="text-sm font-semibold">{props.title}</h2>
      {props.note}
      {readOnly && props.readOnlyReason && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{props.readOnlyReason}</p>
      )}
      {section("breakpoints", (draft, locked) => (
        <BreakpointsEditor
          rules={draft.breakpoints}
          onChange={(breakpoints) => set({ breakpoints })}
          readOnly={locked}
          captures={props.captures}
          invalidField={problem?.field ?? null}
          prefix={locked && inherited ? `${prefix} inherited` : prefix}
        />
      ))}
      {section("env", (draft, locked) => (
        <EnvEditor
          env={draft.env}
          onChange={(env) => set({ env })}
          readOnly={locked}
          invalidField={problem?.field ?? null}
          prefix={locked && inherited ? `${prefix} inherited` : prefix}
        />
      ))}
      {section("service_group_ids", (draft, locked) => (
        <GroupsPicker
          groups={props.groups}
          selected={draft.service_group_ids}
          onChange={(service_group_ids) => set({ service_group_ids })}
          readOnly={locked}
          prefix={locked && inherited ? `${prefix} inherited` : prefix}
        />
      ))}
      {!readOnly && (
        <>
          {problem && (
            <p className="text-xs text-red-700 dark:text-red-400" data-testid="settings-problem">
              {problem.message}
            </p>
          )}
          {editor.newer !== undefined && (
            <p role="status" className="flex items-center gap-2 text-xs text-amber-800 dark:text-amber-300">
              These settings changed since you loaded them; saving would be refused.
              <Button size="sm" onClick={props.onReload}>
                Reload
              </Button>
            </p>
          )}
          <div className="flex items-center gap-2">
            <Button type="submit" variant="primary" disabled={!editor.dirty || !!problem || props.saving}>
              {props.saving ? "Saving…" : `Save ${prefix.toLowerCase()} settings`}
            </Button>
            {editor.dirty && <Button onClick={() => editor.reload(editor.base)}>Discard changes</Button>}
          </div>
          <MutationError error={props.error} onReload={props.onReload} />
        </>
      )}
    </form>
  );
}

function GroupsPicker({
  groups,
  selected,
  onChange,
  readOnly,
  prefix,
}: {
  groups: ServiceGroup[] | undefined;
  selected: string[];
  onChange: (next: string[]) => void;
  readOnly: boolean;
  prefix: string;
}) {
  if (groups === undefined) return <p className="text-xs">Loading service groups…</p>;
  const unknown = selected.filter((id) => !groups.some((g) => g.id === id));
  if (groups.length === 0 && unknown.length === 0)
    return <p className="text-xs text-zinc-600 dark:text-zinc-400">No service groups yet: create one first.</p>;
  return (
    <ul className="space-y-1 text-xs" aria-label={`${prefix} service groups`}>
      {groups.map((g) => (
        <li key={g.id}>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              disabled={readOnly}
              checked={selected.includes(g.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, g.id] : selected.filter((id) => id !== g.id))}
            />
            {g.name}
            <span className="text-zinc-600 dark:text-zinc-400">
              ({g.domain_count} domain{g.domain_count === 1 ? "" : "s"})
            </span>
          </label>
        </li>
      ))}
      {unknown.map((id) => (
        <li key={id} className="text-zinc-600 dark:text-zinc-400">
          A group you cannot see ({id.slice(0, 8)})
        </li>
      ))}
    </ul>
  );
}
