import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationOutput } from "@/lib/operations/registry-types";

/**
 * The person's role and capabilities as the database has them right now (whoami; never from
 * the token), so navigation and edit controls match what RLS will allow.
 */
export type Access = OperationOutput<"whoami">;

export const accessKeys = { all: ["access"] as const, of: (userId: string) => ["access", userId] as const };

export const accessOptions = (call: CallOperation, userId: string) =>
  queryOptions({ queryKey: accessKeys.of(userId), queryFn: () => call("whoami", {}), staleTime: 5 * 60_000 });

export const can = (access: Access | undefined, capability: string) =>
  Boolean(access?.capabilities.includes(capability));
