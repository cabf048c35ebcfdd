import type { SupabaseClient } from "@supabase/supabase-js";
import { unwrap } from "../errors";

/** Small lists the feed's filters and rows refer to: workspaces and tags. */
export interface Workspace {
  id: string;
  name: string;
}

export async function fetchWorkspaces(supabase: SupabaseClient): Promise<Workspace[]> {
  return unwrap<Workspace[]>(await supabase.from("workspaces").select("id,name").order("name"), "load workspaces");
}

export interface Tag {
  id: string;
  name: string;
  color: string;
}

export async function fetchTags(supabase: SupabaseClient): Promise<Tag[]> {
  return unwrap<Tag[]>(await supabase.from("tags").select("id,name,color").order("name"), "load tags");
}

export async function createTag(supabase: SupabaseClient, name: string, color: string): Promise<Tag> {
  const rows = unwrap<Tag[]>(
    await supabase.from("tags").insert({ name, color }).select("id,name,color"),
    `create the tag "${name}"`,
  );
  return rows[0];
}

export async function tagEntry(supabase: SupabaseClient, entryId: number, tagId: string): Promise<void> {
  unwrap(
    await supabase.from("entry_tags").insert({ entry_id: entryId, tag_id: tagId }).select("entry_id"),
    "tag the capture",
  );
}

export async function untagEntry(supabase: SupabaseClient, entryId: number, tagId: string): Promise<void> {
  unwrap(
    await supabase.from("entry_tags").delete().eq("entry_id", entryId).eq("tag_id", tagId).select("entry_id"),
    "untag the capture",
  );
}

export async function fetchEntryTagIds(supabase: SupabaseClient, entryId: number): Promise<string[]> {
  const rows = unwrap<{ tag_id: string }[]>(
    await supabase.from("entry_tags").select("tag_id").eq("entry_id", entryId),
    "load the capture's tags",
  );
  return rows.map((r) => r.tag_id);
}
