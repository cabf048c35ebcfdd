/**
 * supabase-js answers `{ data, error, status }` instead of throwing; TanStack Query wants a
 * throw. DataError keeps PostgREST's code and the HTTP status (retries skip 4xx) and a message
 * a person can act on.
 */
export class DataError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "DataError";
  }
}

interface SupabaseResult<T> {
  data: T | null;
  error: { message: string; code?: string; hint?: string | null } | null;
  status: number;
}

export function unwrap<T>(result: SupabaseResult<T>, what: string): T {
  if (result.error) {
    const status = result.status || 500;
    const reason =
      status === 401
        ? "your session has ended — sign in again"
        : status === 403 || result.error.code === "42501"
          ? "your role does not allow it"
          : result.error.message;
    throw new DataError(`Could not ${what}: ${reason}.`, status, result.error.code, result.error.hint ?? undefined);
  }
  if (result.data === null) throw new DataError(`Could not ${what}: nothing came back.`, result.status || 500);
  return result.data;
}
