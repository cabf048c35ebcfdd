import "server-only";
import { whoami } from "./account/whoami";
import { getAuditLog } from "./admin/audit";
import { createRole, deleteRole, listRoles, updateRole } from "./admin/roles";
import { createUser, setUserActive } from "./admin/people";
import { assignRole, listUsers } from "./admin/users";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "./agents/agents";
import { listBreakpoints, resumeBreakpoint } from "./breakpoints/breakpoints";
import { getBreakpoint } from "./breakpoints/get-breakpoint";
import { addDevice, createPairingCode, revokeDeviceCredentials } from "./devices/pairing";
import { getDevice, listDevices } from "./devices/read";
import { deleteDevice, updateDevice } from "./devices/write";
import { getCapture } from "./entries/get-capture";
import { getEntry } from "./entries/get-entry";
import { listHosts } from "./entries/hosts";
import { countEntries, searchEntries } from "./entries/search";
import { exportEntries } from "./entries/export";
import { buildReproOperation } from "./repro/build-repro";
import { getStatsHistory, getStatusHistory } from "./monitoring/history";
import { getStats, getStatus } from "./monitoring/snapshots";
import { linkAgent, setPrimaryAgent, unlinkAgent } from "./services/agent-links";
import { expandServiceGroups, listServiceGroups } from "./services/read";
import { serviceGroupUsage } from "./services/usage";
import { createServiceGroup, deleteServiceGroup, updateServiceGroup } from "./services/write";
import { getSettings, updateDeviceSettings, updateGlobalSettings } from "./settings/settings";
import { getRetention, updateRetention } from "./settings/retention";
import { createTag, deleteTag, listTags, tagEntry, untagEntry, updateTag } from "./tags/tags";
import { availableOperations as available } from "./available";
import {
  getTelegramLink,
  listTelegramLinks,
  startTelegramLink,
  unlinkTelegram,
  updateNotificationPreferences,
} from "./telegram/telegram";
import { deleteConversation, getConversation, listConversations, saveConversationTurn } from "./busybro/conversations";
import type { AnyOperation, Caller } from "./types";
import { pinEntry, unpinEntry } from "./workspaces/pins";
import { getWorkspace, listWorkspaces } from "./workspaces/read";
import { addTab, removeTab, reorderTabs, updateTab } from "./workspaces/tabs";
import { createWorkspace, deleteWorkspace, updateWorkspace } from "./workspaces/write";

/**
 * The operations registry: every read and write the dashboard offers, defined once. MCP
 * (lib/mcp) lists and calls them as tools; BusyBro uses them as its tools; both through
 * `runOperation`, which runs each as the caller under RLS. Order here is the order tools are
 * listed in (stable, grouped by domain, reads before writes).
 */
export const OPERATIONS = [
  whoami,
  getTelegramLink,
  startTelegramLink,
  unlinkTelegram,
  updateNotificationPreferences,
  getStats,
  getStatsHistory,
  getStatus,
  getStatusHistory,
  listDevices,
  getDevice,
  updateDevice,
  deleteDevice,
  addDevice,
  createPairingCode,
  revokeDeviceCredentials,
  searchEntries,
  countEntries,
  exportEntries,
  getEntry,
  getCapture,
  listHosts,
  buildReproOperation,
  listWorkspaces,
  getWorkspace,
  createWorkspace,
  updateWorkspace,
  deleteWorkspace,
  addTab,
  updateTab,
  removeTab,
  reorderTabs,
  pinEntry,
  unpinEntry,
  listServiceGroups,
  serviceGroupUsage,
  expandServiceGroups,
  createServiceGroup,
  updateServiceGroup,
  deleteServiceGroup,
  linkAgent,
  unlinkAgent,
  setPrimaryAgent,
  listAgents,
  getAgent,
  createAgent,
  updateAgent,
  deleteAgent,
  listTags,
  createTag,
  updateTag,
  deleteTag,
  tagEntry,
  untagEntry,
  getSettings,
  getRetention,
  updateGlobalSettings,
  updateDeviceSettings,
  updateRetention,
  listBreakpoints,
  getBreakpoint,
  resumeBreakpoint,
  listUsers,
  assignRole,
  createUser,
  setUserActive,
  listRoles,
  createRole,
  updateRole,
  deleteRole,
  getAuditLog,
  listTelegramLinks,
  listConversations,
  getConversation,
  saveConversationTurn,
  deleteConversation,
] as const satisfies readonly AnyOperation[];

const byName = new Map<string, AnyOperation>(OPERATIONS.map((operation) => [operation.name, operation]));
if (byName.size !== OPERATIONS.length) throw new Error("Two operations share a name.");

export function findOperation(name: string): AnyOperation | undefined {
  return byName.get(name);
}

export function availableOperations(pool: Parameters<typeof available>[0], caller: Caller) {
  return available(pool, caller, OPERATIONS);
}

export { readCallerRole } from "./caller-role";
export { AppError, type ErrorCode } from "@/lib/errors";
export { isAvailable, RESULT_BUDGET_CHARS, runOperation } from "./run";
export {
  SCOPE_READ,
  SCOPE_WRITE,
  capabilityName,
  type AnyOperation,
  type Caller,
  type CallerRole,
  type Capability,
  type Domain,
  type Operation,
  type Scope,
  type Section,
} from "./types";
