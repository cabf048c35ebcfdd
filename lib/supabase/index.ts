/**
 * Supabase Auth for the dashboard, through @supabase/ssr cookies:
 *  - server.ts  createSupabaseServerClient(): Server Components, Server Actions, Route Handlers
 *  - proxy.ts   updateSession(request): session refresh + sign-in redirect, used by /proxy.ts
 *  - session.ts signedInPerson() / requireSignedIn(returnTo)
 *  - node.ts    sessionUserOf(req, res): plain Node requests (the OAuth interactions)
 *  - paths.ts   sign-in/out paths and the safe `next` redirect
 */
export { createSupabaseServerClient } from "./server";
export { requireSignedIn, signedInPerson, type SignedInPerson } from "./session";
export { DEFAULT_AFTER_SIGN_IN, SIGN_IN_PATH, SIGN_OUT_PATH, safeNextPath, signInPath } from "./paths";
