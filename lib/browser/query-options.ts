import { queryOptions } from "@tanstack/react-query";
import type { SupabaseClient } from "@supabase/supabase-js";
import { fetchAccess } from "./queries/access";
import { fetchTags, fetchWorkspaces } from "./queries/catalogue";
import { fetchDevices, fetchEffectiveSettings } from "./queries/devices";
import { fetchEntry } from "./queries/entry";
import { fetchPeopleNames } from "./queries/people";
import { queryKeys } from "./query-keys";

/** Query options shared by server prefetches and browser hooks (one owner per query). */
export const accessOptions = (supabase: SupabaseClient, userId: string) =>
  queryOptions({
    queryKey: queryKeys.access(userId),
    queryFn: () => fetchAccess(supabase, userId),
    staleTime: 5 * 60_000,
  });

export const devicesOptions = (supabase: SupabaseClient) =>
  // Kept current by postgres_changes on devices and device_status while a page watches them.
  queryOptions({ queryKey: queryKeys.devices(), queryFn: () => fetchDevices(supabase), staleTime: 5 * 60_000 });

export const peopleOptions = (supabase: SupabaseClient) =>
  // Needs users:view (list_people refuses otherwise): callers gate it with `enabled`.
  queryOptions({ queryKey: queryKeys.people(), queryFn: () => fetchPeopleNames(supabase), staleTime: 5 * 60_000 });

export const workspacesOptions = (supabase: SupabaseClient) =>
  queryOptions({ queryKey: queryKeys.workspaces(), queryFn: () => fetchWorkspaces(supabase), staleTime: 5 * 60_000 });

export const tagsOptions = (supabase: SupabaseClient) =>
  queryOptions({ queryKey: queryKeys.tags(), queryFn: () => fetchTags(supabase), staleTime: 5 * 60_000 });

export const entryOptions = (supabase: SupabaseClient, id: number) =>
  // A capture never changes once stored.
  queryOptions({
    queryKey: queryKeys.entry(id),
    queryFn: () => fetchEntry(supabase, id),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });

export const deviceSettingsOptions = (supabase: SupabaseClient, uuid: string) =>
  queryOptions({
    queryKey: queryKeys.deviceSettings(uuid),
    queryFn: () => fetchEffectiveSettings(supabase, uuid),
    staleTime: 60_000,
  });
