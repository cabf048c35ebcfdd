import type { Configuration } from "oidc-provider";
import { escapeHtml, simplePage } from "./html";

/**
 * The page oidc-provider shows when an authorization request cannot be sent back to the
 * client (e.g. an unregistered redirect URI): the error, and nothing that would help an attacker.
 */
export const renderOAuthError: NonNullable<Configuration["renderError"]> = async (ctx, out) => {
  const description = out.error_description ? `<p>${escapeHtml(out.error_description)}</p>` : "";
  ctx.type = "html";
  ctx.body = simplePage(
    "This authorization request cannot continue",
    `<p>Error: <code>${escapeHtml(out.error)}</code></p>${description}<p>Start again from the application that sent you here.</p>`,
  );
};
