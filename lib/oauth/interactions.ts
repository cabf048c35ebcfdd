import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { errors, type InteractionResults } from "oidc-provider";
import type pg from "pg";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { isBusymateScope, SCOPE_READ, appResources } from "@/lib/auth/token-model";
import { signInPath } from "@/lib/supabase/paths";
import { sessionUserOf } from "@/lib/supabase/node";
import { recordAuthorization } from "./authorizations";
import { deleteConsentRequest, loadConsentRequest, saveConsentRequest } from "./consent-requests";
import { escapeHtml, simplePage } from "./html";

/**
 * The login and consent steps of an authorization request, at /interaction/<uid>.
 *
 *   GET  /interaction/<uid>          not signed in → dashboard sign-in, back here afterwards
 *                                    login prompt (or another person signed in) → log in as the
 *                                      dashboard's signed-in person, continue
 *                                    consent prompt → record what to show, go to /consent/<uid>
 *   POST /interaction/<uid>/consent  access=read|write (from the consent page) → grant, continue
 *   POST /interaction/<uid>/deny     → access_denied back to the client
 *
 * oidc-provider's interaction cookie binds each step to the browser that started the request;
 * the POSTs must also come from our own pages (Origin), and be made by the person shown the page.
 */

type Prompt = {
  name: string;
  details: { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
};

export interface InteractionContext {
  provider: Provider;
  pool: pg.Pool;
  origin: string;
}

const MAX_FORM_BYTES = 4096;

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.setHeader("Cache-Control", "no-store");
  res.end();
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  res.statusCode = status;
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(simplePage(title, `<p>${escapeHtml(message)}</p>`));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new errors.InvalidRequest("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Handles one /interaction/… request completely. */
export async function handleInteraction(
  context: InteractionContext,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const { provider, pool, origin } = context;
  const match = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(consent|deny))?$/.exec(pathname);
  if (!match) return page(res, 404, "Not found", "There is nothing at this address.");
  const [, uid, action] = match;
  if (action ? req.method !== "POST" : req.method !== "GET") {
    res.setHeader("Allow", action ? "POST" : "GET");
    return page(res, 405, "Method not allowed", "This address does not take that method.");
  }
  if (action && !isSameOrigin(header(req, "origin"), header(req, "sec-fetch-site"), [new URL(origin).origin])) {
    return page(res, 403, "Refused", "This form must be submitted from Busymate's own consent page.");
  }

  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound) {
      return page(
        res,
        400,
        "This authorization request has expired",
        "It timed out or was opened in another browser. Start again from the application that sent you here.",
      );
    }
    throw error;
  }
  if (details.uid !== uid)
    return page(
      res,
      400,
      "This authorization request has expired",
      "Start again from the application that sent you here.",
    );

  const user = await sessionUserOf(req, res);
  if (!user) return redirect(res, signInPath(`/interaction/${uid}`));

  const finish = async (result: InteractionResults, merge: boolean) =>
    redirect(res, await provider.interactionResult(req, res, result, { mergeWithLastSubmission: merge }));

  if (action === "deny") {
    await deleteConsentRequest(pool, uid);
    return finish(
      { error: "access_denied", error_description: "The person declined to authorize this client." },
      false,
    );
  }

  const prompt = details.prompt as Prompt;
  // The dashboard session is the identity: whoever is signed in there is who logs in here,
  // also when someone else signed in since the authorization server last saw this browser.
  if (prompt.name === "login" || details.session?.accountId !== user.id) {
    return finish({ login: { accountId: user.id } }, false);
  }
  if (prompt.name !== "consent")
    return page(res, 400, "Unsupported request", `This server cannot complete the "${prompt.name}" step.`);

  const params = details.params as {
    client_id: string;
    redirect_uri: string;
    scope?: string;
    resource?: string | string[];
  };
  const requested = (params.scope ?? "").split(" ").filter(isBusymateScope);

  if (!action) {
    const client = await provider.Client.find(params.client_id);
    if (!client) return page(res, 400, "Unknown client", "The application that sent you here is not registered.");
    await saveConsentRequest(pool, {
      uid,
      userId: user.id,
      clientId: client.clientId,
      clientName: client.clientName ?? null,
      redirectUri: params.redirect_uri,
      resource: (Array.isArray(params.resource) ? params.resource[0] : params.resource) ?? appResources(origin).app,
      requestedScopes: requested,
      expiresAt: new Date(details.exp * 1000),
    });
    return redirect(res, `/consent/${uid}`);
  }

  const access = (await readForm(req)).get("access");
  if (access !== "read" && access !== "write")
    return page(res, 400, "Choose an access level", "Go back and choose read-only or read-write access.");
  // The consent page was shown to this person for this request (and not expired).
  const shown = await loadConsentRequest(pool, uid, user.id);
  if (!shown)
    return page(
      res,
      400,
      "This authorization request has expired",
      "Start again from the application that sent you here.",
    );

  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: user.id, clientId: params.client_id });
  if (!grant)
    return page(
      res,
      400,
      "This authorization request has expired",
      "Start again from the application that sent you here.",
    );
  const { missingOIDCScope, missingResourceScopes } = prompt.details;
  if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(" "));
  const granted = new Set<string>();
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
    const allowed = access === "write" ? scopes : scopes.filter((scope) => scope === SCOPE_READ);
    const rejected = scopes.filter((scope) => !allowed.includes(scope));
    if (allowed.length) grant.addResourceScope(indicator, allowed.join(" "));
    if (rejected.length) grant.rejectResourceScope(indicator, rejected.join(" "));
    allowed.forEach((scope) => granted.add(scope));
  }
  const grantId = await grant.save();
  await recordAuthorization(pool, {
    grantId,
    userId: user.id,
    clientId: shown.clientId,
    clientName: shown.clientName,
    redirectUri: shown.redirectUri,
    scope: [...granted].join(" "),
  });
  await deleteConsentRequest(pool, uid);
  return finish({ consent: { grantId } }, true);
}
