import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerOf, callAs, startOperationsDb, type OperationsDb } from "@/lib/operations/testing";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { fetchPeopleNames, ownerLabel } from "./index";

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

/** The query behind owner names, through the registry as the dashboard runs it: list_users decides who may ask. */
describe("fetchPeopleNames", () => {
  let db: OperationsDb;
  let admin: Person;
  let member: Person;
  beforeAll(async () => {
    db = await startOperationsDb();
    admin = await createPerson(db.owner, "ada@example.com");
    member = await createPerson(db.owner, "bo@example.com", "member");
  });
  afterAll(() => db?.stop());

  it("maps ids to e-mails for a role with users:view", async () => {
    const names = await fetchPeopleNames(callAs(db, callerOf(admin)));
    expect(names).toEqual({ [admin.id]: "ada@example.com", [member.id]: "bo@example.com" });
  });

  it("is refused for a role without users:view (the device page then says 'another person')", async () => {
    await expect(fetchPeopleNames(callAs(db, callerOf(member)))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("users:view"),
    });
  });
});
