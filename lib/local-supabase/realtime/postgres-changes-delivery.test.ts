import type { RealtimePostgresChangesPayload } from "@supabase/supabase-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { closeClients, eventually, realtimeClient, settle, subscribed, userToken } from "./test-helpers";

type Change = RealtimePostgresChangesPayload<{ id: number; round: number }>;

/**
 * A live feed must never drop a change: sequential inserts right after the join, over and over,
 * each delivered exactly once and in commit order — on a table with RLS (each row re-selected
 * as the subscriber after commit) and on one without.
 */
describe("Realtime postgres_changes delivery", () => {
  let stack: TestSupabase;
  let alice: Person;

  beforeAll(async () => {
    stack = await startTestSupabase();
    alice = await createPerson(stack.owner, "alice@example.com");
    await stack.owner.query(`
      CREATE TABLE public.rt_guarded (id int PRIMARY KEY, round int NOT NULL);
      ALTER TABLE public.rt_guarded ENABLE ROW LEVEL SECURITY;
      CREATE POLICY rt_guarded_read ON public.rt_guarded FOR SELECT TO authenticated USING (true);
      CREATE TABLE public.rt_open (id int PRIMARY KEY, round int NOT NULL);
      GRANT SELECT ON public.rt_guarded, public.rt_open TO authenticated;
      ALTER PUBLICATION supabase_realtime ADD TABLE public.rt_guarded, public.rt_open;`);
  });
  afterEach(() => closeClients());
  afterAll(() => stack?.stop());

  const ROUNDS = 10;
  const INSERTS = 20;

  for (const table of ["rt_guarded", "rt_open"]) {
    it(`delivers ${ROUNDS} rounds of ${INSERTS} sequential inserts into ${table}, each once and in order`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        // A client per round: realtime-js replaces a setAuth token by its accessToken callback's
        // (the publishable key) when it reconnects, which is not what this test is about.
        const supabase = await realtimeClient(stack, { token: await userToken(stack, alice.id) });
        const changes: Change[] = [];
        const channel = await subscribed(
          supabase
            .channel(`${table}-${round}`)
            .on(
              "postgres_changes",
              { event: "INSERT", schema: "public", table, filter: `round=eq.${round}` },
              (change) => changes.push(change as Change),
            ),
        );
        const ids = Array.from({ length: INSERTS }, (_, i) => round * 100 + i);
        for (const id of ids)
          await stack.owner.query(`INSERT INTO public.${table} (id, round) VALUES ($1, $2)`, [id, round]);
        await eventually(() => changes.length >= INSERTS, `round ${round}: ${INSERTS} inserts (got ${changes.length})`);
        await settle(50);
        console.log(JSON.stringify(changes[0]), stack.log.slice(-5));
        expect({ round, ids: changes.map((change) => (change.new as { id: number }).id) }).toEqual({ round, ids });
        await supabase.removeChannel(channel);
        await closeClients();
      }
      expect(stack.log.filter((line) => line.includes(table))).toEqual([]);
    });
  }
});
