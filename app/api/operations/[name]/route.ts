import { AppError } from "@/lib/errors";
import { methodNotAllowed, toErrorResponse } from "@/lib/errors/http";
import { findOperation } from "@/lib/operations";
import { operationRoute } from "@/lib/routes/operation-route";

type Context = RouteContext<"/api/operations/[name]">;

const routes = new Map<string, ReturnType<typeof operationRoute<Context>>>();

/**
 * POST /api/operations/<name>: any registry operation over HTTP with the one token — the
 * dashboard's data path (lib/operations/http-client.ts) and open to any token holder, with the
 * same checks as /mcp. The body is the operation's input; the answer is its output.
 */
export async function POST(request: Request, context: Context): Promise<Response> {
  const { name } = await context.params;
  const operation = findOperation(name);
  if (!operation) {
    return toErrorResponse(
      new AppError("NOT_FOUND", `There is no operation named ${name}.`, "See docs/mcp-tools.md for every operation."),
    );
  }
  let route = routes.get(name);
  if (!route) routes.set(name, (route = operationRoute<Context>(operation)));
  return route(request, context);
}

const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
