import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userToken } from "@/lib/local-supabase/rest/test-support";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { fetchPeopleNames, ownerLabel } from "./people";

describe("ownerLabel", () => {
  const names = { "u-2": "bo@example.com" };
  it("names the signed-in person's own device 'You'", () => {
    expect(ownerLabel("u-1", "u-1", names, "another person")).toBe("You");
  });
  it("names another person by e-mail once the people list has answered", () => {
    expect(ownerLabel("u-2", "u-1", names, "another person")).toBe("bo@example.com");
  });
  it("falls back to the caller's label (never the id) while the list is missing or lacks the person", () => {
    expect(ownerLabel("u-2", "u-1", undefined, "another person")).toBe("another person");
    expect(ownerLabel("u-3", "u-1", names, "another person")).toBe("another person");
  });
});

/** The query behind owner names, against the real stand-in: list_people decides who may ask. */
describe("fetchPeopleNames", () => {
  let stack: TestSupabase;
  let admin: Person;
  let member: Person;

  beforeAll(async () => {
    stack = await startTestSupabase();
    admin = await createPerson(stack.owner, "ada@example.com");
    member = await createPerson(stack.owner, "bo@example.com", "member");
  });
  afterAll(() => stack?.stop());

  const clientFor = async (person: Person) =>
    stack.client({ accessToken: await userToken(stack.keys.jwtSecret, person.id) });

  it("maps ids to e-mails for a role with users:view", async () => {
    const names = await fetchPeopleNames(await clientFor(admin));
    expect(names).toEqual({ [admin.id]: "ada@example.com", [member.id]: "bo@example.com" });
  });

  it("is refused for a role without users:view (the device page then says 'another person')", async () => {
    await expect(fetchPeopleNames(await clientFor(member))).rejects.toThrow(
      "Could not list people: your role does not allow it.",
    );
  });
});
