import { describe, expect, it } from "vitest";
import { deleteConsequence, draftOf, draftProblem, type Agent } from "./index";

const agent: Agent = {
  id: "9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b",
  slug: "stripe-expert",
  label: "Stripe expert",
  model: null,
  owner_user_id: null,
  instructions: "Knows Stripe.",
  instructions_length: 13,
  updated_at: "2026-12-01T10:00:00.000Z",
  groups: [],
};

describe("agent drafts", () => {
  it("names the field a draft gets wrong", () => {
    expect(draftProblem(draftOf(agent))).toBeNull();
    expect(draftProblem({ ...draftOf(agent), slug: "1x" })?.field).toBe("slug");
    expect(draftProblem({ ...draftOf(agent), label: "  " })?.field).toBe("label");
    expect(draftProblem({ ...draftOf(agent), instructions: "x".repeat(20_001) })?.field).toBe("instructions");
  });

  it("says which links a delete removes", () => {
    expect(deleteConsequence(agent)).toBe("Deletes stripe-expert; no service group links it.");
    expect(
      deleteConsequence({
        ...agent,
        groups: [
          { group_id: "a", name: "Payments", is_primary: true },
          { group_id: "b", name: "Shop", is_primary: false },
        ],
      }),
    ).toBe("Deletes stripe-expert and removes its links from Payments (primary), Shop.");
  });
});
