import { verifyAccessToken } from "@/lib/auth";
import { ownerPool } from "@/lib/db/pool";
import { serverConfig } from "@/lib/config";
import { methodNotAllowed } from "@/lib/errors/http";
import { createMcpEndpoint, MCP_PATH } from "@/lib/mcp/handler";
import { allowedHostnames } from "@/lib/mcp/hosts";
import { versionInfo } from "@/lib/version";

/**
 * The MCP server: every dashboard read and write as tools (lib/operations), over Streamable
 * HTTP, 2026-07-28 and 2025-11-25. Tokens must name this resource (`<origin>/mcp`) in `aud`.
 */
let endpoint: ((request: Request) => Promise<Response>) | undefined;

function mcpEndpoint() {
  if (!endpoint) {
    const config = serverConfig();
    endpoint = createMcpEndpoint({
      pool: ownerPool(),
      rateLimitPool: ownerPool(),
      verify: (token) => verifyAccessToken(token, { audience: `${config.appUrl}${MCP_PATH}` }),
      origin: config.appUrl,
      allowedHostnames: allowedHostnames(config.appUrl),
      version: versionInfo().version,
    });
  }
  return endpoint;
}

export const POST = (request: Request) => mcpEndpoint()(request);
export const GET = POST;
export const DELETE = POST;

// Streamable HTTP has no PUT or PATCH; the endpoint itself answers GET and DELETE (405, stateless).
const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as PUT, onlyPost as PATCH };
