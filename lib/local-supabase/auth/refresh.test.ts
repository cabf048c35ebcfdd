import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

/**
 * Refresh-token rotation and the reuse interval, through the real supabase-js. The interval
 * is set to a minute so "within" never depends on how fast this machine runs; "beyond" is
 * reached by moving the revocation time back in the database instead of sleeping.
 */
describe("refresh tokens", () => {
  let stack: TestSupabase;
  const reuseIntervalSeconds = 60;
  beforeAll(async () => {
    stack = await startTestSupabase({ auth: { refreshTokenReuseIntervalSeconds: reuseIntervalSeconds } });
  });
  afterAll(() => stack?.stop());

  const password = "correct horse battery";

  async function newSession() {
    const email = `refresh-${randomUUID().slice(0, 8)}@example.com`;
    const { data, error } = await stack.client().auth.signUp({ email, password });
    expect(error).toBeNull();
    return data.session!;
  }

  const refresh = (refreshToken: string) => stack.client().auth.refreshSession({ refresh_token: refreshToken });

  /** As if the token had been revoked longer ago than the reuse interval. */
  const ageRevocation = (token: string) =>
    stack.owner.query(
      "UPDATE auth.refresh_tokens SET updated_at = updated_at - make_interval(secs => $2) WHERE token = $1",
      [token, reuseIntervalSeconds + 1],
    );

  const tokensOf = async (sessionId: string) =>
    (
      await stack.owner.query<{ token: string; revoked: boolean; parent: string | null }>(
        "SELECT token, revoked, parent FROM auth.refresh_tokens WHERE session_id = $1 ORDER BY id",
        [sessionId],
      )
    ).rows;

  it("rotates: each exchange revokes the token used and issues its child in the same session", async () => {
    const first = await newSession();
    const { data, error } = await refresh(first.refresh_token);
    expect(error).toBeNull();
    const second = data.session!;
    expect(second.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.user.id).toBe(first.user.id);
    const sessionId = decodeJwt(first.access_token).session_id as string;
    expect(decodeJwt(second.access_token).session_id).toBe(sessionId);
    expect(await tokensOf(sessionId)).toEqual([
      { token: first.refresh_token, revoked: true, parent: null },
      { token: second.refresh_token, revoked: false, parent: first.refresh_token },
    ]);
    const { rows } = await stack.owner.query("SELECT refreshed_at FROM auth.sessions WHERE id = $1", [sessionId]);
    expect(rows[0].refreshed_at).not.toBeNull();
  });

  it("hands back the active token when the parent is reused (the client lost the last answer)", async () => {
    const first = await newSession();
    const second = (await refresh(first.refresh_token)).data.session!;
    const again = await refresh(first.refresh_token);
    expect(again.error).toBeNull();
    expect(again.data.session!.refresh_token).toBe(second.refresh_token);
    // Even long after, as GoTrue allows this one case at any time.
    await ageRevocation(first.refresh_token);
    expect((await refresh(first.refresh_token)).data.session?.refresh_token).toBe(second.refresh_token);
    expect(await tokensOf(decodeJwt(first.access_token).session_id as string)).toHaveLength(2);
  });

  it("hands back the active token for an older token reused within the interval (concurrent refreshes)", async () => {
    const first = await newSession();
    const second = (await refresh(first.refresh_token)).data.session!;
    const third = (await refresh(second.refresh_token)).data.session!;
    const reused = await refresh(first.refresh_token);
    expect(reused.error).toBeNull();
    expect(reused.data.session!.refresh_token).toBe(third.refresh_token);
  });

  it("ends the whole session when a revoked token is reused beyond the interval", async () => {
    const first = await newSession();
    const second = (await refresh(first.refresh_token)).data.session!;
    const third = (await refresh(second.refresh_token)).data.session!;
    await ageRevocation(first.refresh_token);

    const replay = await refresh(first.refresh_token);
    expect(replay.data.session).toBeNull();
    expect(replay.error).toMatchObject({
      name: "AuthApiError",
      status: 400,
      code: "refresh_token_already_used",
      message: "Invalid Refresh Token: Already Used",
    });

    // Nothing of that session works any more: not the newest refresh token, not its access token.
    expect((await refresh(third.refresh_token)).error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    const user = await fetch(`${stack.url}/auth/v1/user`, {
      headers: { apikey: stack.keys.publishableKey, Authorization: `Bearer ${third.access_token}` },
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ error_code: "session_not_found" });
    const { rowCount } = await stack.owner.query("SELECT 1 FROM auth.sessions WHERE id = $1", [
      decodeJwt(first.access_token).session_id,
    ]);
    expect(rowCount).toBe(0);
  });

  it("gives every one of several simultaneous exchanges of one token the same new token", async () => {
    const first = await newSession();
    const results = await Promise.all(Array.from({ length: 6 }, () => refresh(first.refresh_token)));
    for (const result of results) expect(result.error).toBeNull();
    expect(new Set(results.map((result) => result.data.session!.refresh_token)).size).toBe(1);
    expect(await tokensOf(decodeJwt(first.access_token).session_id as string)).toHaveLength(2);
  });

  it("refuses malformed and unknown refresh tokens with GoTrue's codes", async () => {
    expect((await refresh("short")).error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: "Refresh token is not valid",
    });
    expect((await refresh("NOT-LOWERCASE")).error).toMatchObject({ status: 400, code: "validation_failed" });
    expect((await refresh("abcdefghijkl")).error).toMatchObject({
      status: 400,
      code: "refresh_token_not_found",
      message: "Invalid Refresh Token: Refresh Token Not Found",
    });
  });

  it("refreshes a session the client keeps, and the new access token is accepted", async () => {
    const client = stack.client();
    const email = `kept-${randomUUID().slice(0, 8)}@example.com`;
    await client.auth.signUp({ email, password });
    const before = (await client.auth.getSession()).data.session!;
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    expect(data.session!.refresh_token).not.toBe(before.refresh_token);
    expect((await client.auth.getSession()).data.session!.refresh_token).toBe(data.session!.refresh_token);
    expect((await client.auth.getUser()).data.user?.email).toBe(email);
  });
});
