import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DATABASE_TYPES_FILE, databaseTypesFromMigrations } from "./database-types-file";

describe("supabase-js's Database type", () => {
  it("lib/supabase/database.types.ts is what the migrations make (run npm run db:types after a migration)", async () => {
    const generated = await databaseTypesFromMigrations();
    expect(readFileSync(DATABASE_TYPES_FILE, "utf8")).toBe(generated);
    // Spot checks that the generator reads the catalog as Supabase's does.
    expect(generated).toContain("id?: never;"); // entries.id is GENERATED ALWAYS AS IDENTITY
    expect(generated).toMatch(
      /device_status: \{\n\s+Row: \{\n\s+device_uuid: string;\n\s+last_heartbeat_at: string;\n\s+ip: string \| null;/,
    );
    expect(generated).toMatch(/referencedRelation: "devices"/);
  });
});
