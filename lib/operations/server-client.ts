import "server-only";
import { ownerPool } from "@/lib/db/pool";
import { findOperation } from "./index";
import type { CallOperation, OperationName } from "./registry-types";
import { runOperation, type RunOptions } from "./run";
import type { Caller } from "./types";

/** Operations run in this process as `caller`: the same CallOperation the browser has, without the network. */
export function operationsAs(caller: Caller, options: RunOptions = {}): CallOperation {
  return (async (name: OperationName, input: unknown) => {
    const operation = findOperation(name);
    if (!operation) throw new Error(`No operation named ${name}`);
    return runOperation(ownerPool(), operation, input, caller, options);
  }) as CallOperation;
}
