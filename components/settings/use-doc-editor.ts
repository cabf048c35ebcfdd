"use client";

import { useState } from "react";
import { documentOf, draftOf, overridesOf, type Draft, type Overrides, type SettingsDoc } from "@/lib/data/settings";

const ALL: Overrides = { breakpoints: true, env: true, service_group_ids: true };

/**
 * A settings document being edited: the version it was loaded from (its updated_at goes with the
 * save, so a newer one is refused rather than overwritten), the draft, and for a device which
 * keys it overrides. A newer version arriving live is taken while nothing is typed; otherwise
 * `newer` says so and `reload` takes it.
 */
export function useDocEditor(doc: SettingsDoc | null, overridable: boolean) {
  const [base, setBase] = useState<SettingsDoc | null>(doc);
  const [draft, setDraft] = useState<Draft>(() => draftOf(doc?.data));
  const [overrides, setOverrides] = useState<Overrides>(() => (overridable ? overridesOf(doc?.data) : ALL));
  const shape = (d: Draft, o: Overrides) => JSON.stringify(documentOf(d, o));
  const dirty = shape(draft, overrides) !== shape(draftOf(base?.data), overridable ? overridesOf(base?.data) : ALL);
  const reload = (to: SettingsDoc | null) => {
    setBase(to);
    setDraft(draftOf(to?.data));
    setOverrides(overridable ? overridesOf(to?.data) : ALL);
  };
  const changed = (doc?.updated_at ?? null) !== (base?.updated_at ?? null);
  if (changed && !dirty) reload(doc);
  return { base, draft, setDraft, overrides, setOverrides, dirty, newer: changed && dirty ? doc : undefined, reload };
}

export type DocEditor = ReturnType<typeof useDocEditor>;
