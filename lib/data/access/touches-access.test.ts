import { describe, expect, it } from "vitest";
import { touchesAccess } from "./use-access-live";

describe("touchesAccess", () => {
  const me = { userId: "u-1", roleId: "r-1" };
  it("is the person's own assignment, their role's capabilities or their role itself", () => {
    expect(touchesAccess("user_roles", { user_id: "u-1", role_id: "r-9" }, me)).toBe(true);
    expect(touchesAccess("role_capabilities", { role_id: "r-1", section: "stats", action: "view" }, me)).toBe(true);
    expect(touchesAccess("roles", { id: "r-1" }, me)).toBe(true);
  });
  it("leaves the page alone for other people's assignments and other roles", () => {
    expect(touchesAccess("user_roles", { user_id: "u-2", role_id: "r-1" }, me)).toBe(false);
    expect(touchesAccess("role_capabilities", { role_id: "r-2", section: "stats", action: "view" }, me)).toBe(false);
    expect(touchesAccess("roles", { id: "r-2" }, me)).toBe(false);
  });
});
