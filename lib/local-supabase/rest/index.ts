import type { Service, StandInContext } from "../service";
import type { RestConfig } from "./actions/context";
import { handleRestRequest } from "./handler";
import { JwtCache } from "./jwt-cache";
import { SchemaCacheHolder } from "./schema-cache";

/** Supabase's PostgREST settings as the CLI's local stack has them. */
export const DEFAULT_REST_CONFIG: RestConfig = {
  schemas: ["public"],
  maxRows: 1000,
  // PostgREST has no limit of its own; this keeps one request from exhausting memory.
  bodyLimit: 10 * 1024 * 1024,
};

export interface RestService extends Service {
  /** Reloads the schema cache now (what `NOTIFY pgrst, 'reload schema'` triggers). */
  reloadSchema(): Promise<void>;
}

/**
 * PostgREST-compatible REST under /rest/v1: the grammar supabase-js sends, run in one
 * transaction per request as the JWT's role, with PostgREST's responses and errors.
 */
export function createRestService(
  context: StandInContext,
  config: RestConfig = { ...DEFAULT_REST_CONFIG, schemas: context.restSchemas ?? DEFAULT_REST_CONFIG.schemas },
): RestService {
  const schemaCache = new SchemaCacheHolder(context.pool, context.databaseUrl, config.schemas, context.log);
  const deps = { keys: context.keys, jwtCache: new JwtCache(context.keys), pool: context.pool, schemaCache, config };
  return {
    handle: (req, res, path, url) => handleRestRequest(deps, req, res, path, url),
    reloadSchema: () => schemaCache.reload(),
    close: () => schemaCache.close(),
  };
}
