import { AppError } from "@/lib/errors";
import type { CallOperation, OperationInput, OperationName, OperationOutput } from "./registry-types";

/**
 * The browser's way to run an operation: POST /api/operations/<name> with the Busymate access
 * token. Inputs and outputs are the registry's own types, and a refusal comes back as the
 * AppError the server raised (code, message, remediation, field), so the dashboard shows what
 * any other surface would say.
 */
export function operationsOverHttp(accessToken: () => Promise<string>, baseUrl = ""): CallOperation {
  return async function call<N extends OperationName>(name: N, input: OperationInput<N>) {
    const response = await fetch(`${baseUrl}/api/operations/${name}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        accept: "application/json",
        "content-type": "application/json",
      },
      body: JSON.stringify(input ?? {}),
    });
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      throw (
        AppError.from(json) ??
        new AppError(
          response.status >= 500 ? "SERVICE_UNAVAILABLE" : "BAD_REQUEST",
          `The server answered ${response.status} to ${name}.`,
          "Try again in a moment.",
        )
      );
    }
    return json as OperationOutput<N>;
  };
}
