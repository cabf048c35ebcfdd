import { describe, expect, it } from "vitest";
import { SECTIONS } from "@/lib/operations/types";
import { activeAdmins, CAPABILITY_SECTIONS, capabilityState, toggleCapability, type PersonRow } from "./index";

describe("the capability matrix", () => {
  it("lists the database's sections", () => {
    expect([...CAPABILITY_SECTIONS]).toEqual([...SECTIONS]);
  });

  it("edit implies view; turning view off removes edit; turning edit off keeps view", () => {
    expect(capabilityState(["tags:edit"], "tags")).toBe("edit");
    expect(toggleCapability(["devices:view"], "tags", "edit", true)).toEqual(["devices:view", "tags:edit"]);
    expect(toggleCapability(["tags:edit"], "tags", "edit", false)).toEqual(["tags:view"]);
    expect(toggleCapability(["tags:edit"], "tags", "view", false)).toEqual([]);
    expect(toggleCapability(["tags:edit"], "tags", "view", true)).toEqual(["tags:edit"]);
    expect(toggleCapability([], "tags", "view", true)).toEqual(["tags:view"]);
  });

  it("counts only admins who can sign in", () => {
    const person = (role_slug: string, active: boolean) => ({ role_slug, active }) as PersonRow;
    expect(activeAdmins([person("admin", true), person("admin", false), person("member", true)])).toHaveLength(1);
  });
});
