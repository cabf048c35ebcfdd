import "server-only";
import { z } from "zod";
import { authenticate } from "@/lib/auth";
import { ownerPool } from "@/lib/db/pool";
import { withErrors } from "@/lib/errors/http";
import { callerFromToken } from "@/lib/operations/caller";
import { DASHBOARD_RESULT_BUDGET_CHARS, runOperation } from "@/lib/operations/run";
import type { AnyOperation } from "@/lib/operations/types";
import { readJson } from "./read-json";

/** Inputs of the dashboard's writes (an agent's instructions, a settings document) stay well under this. */
export const OPERATION_BODY_BYTES = 1024 * 1024;

export interface OperationRouteOptions<Context> {
  /** Where the input comes from when not (only) the JSON body, e.g. a path parameter. */
  input?: (request: Request, context: Context, body: Record<string, unknown>) => Promise<unknown> | unknown;
  /** The success status: 201 for an operation that creates something. */
  status?: number;
  /** Whether the request carries a JSON body (DELETE routes send none). */
  body?: boolean;
}

/**
 * An operation as an HTTP route handler, for every route a person calls with the one token:
 * the bearer is verified (401 with the challenge otherwise; a write on a read-only token is
 * the 403 step-up), the body is the operation's input, and runOperation does the rest as the
 * caller. Failures leave in the app's error shape with the status their code implies.
 */
export function operationRoute<Context = unknown>(
  operation: AnyOperation,
  { input, status = 200, body = true }: OperationRouteOptions<Context> = {},
) {
  return withErrors(async (request: Request, context: Context) => {
    const token = await authenticate(request, { requireWrite: !operation.readOnly });
    const json = body ? await readJson(request, z.record(z.string(), z.unknown()), OPERATION_BODY_BYTES) : {};
    const output = await runOperation(
      ownerPool(),
      operation,
      input ? await input(request, context, json) : json,
      callerFromToken(token),
      { resultBudget: DASHBOARD_RESULT_BUDGET_CHARS },
    );
    return Response.json(output, { status, headers: { "Cache-Control": "no-store" } });
  });
}
