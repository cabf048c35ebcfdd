import { mkdtempSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceHash } from "@/lib/build/ensure-build";

async function project(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "busymate-hash-"));
  await mkdir(path.join(dir, "app"), { recursive: true });
  await writeFile(path.join(dir, "app", "page.tsx"), "export default () => null;");
  await writeFile(path.join(dir, "version.json"), '{"version":"1.0.0"}');
  return dir;
}

describe("build staleness", () => {
  it("keeps the hash when nothing changed, even if a file is rewritten identically", async () => {
    const dir = await project();
    const before = await sourceHash(dir);
    await writeFile(path.join(dir, "app", "page.tsx"), "export default () => null;");
    expect(await sourceHash(dir)).toBe(before);
  });

  it("changes the hash when a source changes, is added, or the version moves", async () => {
    const dir = await project();
    const seen = new Set([await sourceHash(dir)]);
    await writeFile(path.join(dir, "app", "page.tsx"), "export default () => 1;");
    seen.add(await sourceHash(dir));
    await mkdir(path.join(dir, "lib"));
    await writeFile(path.join(dir, "lib", "new.ts"), "export const x = 1;");
    seen.add(await sourceHash(dir));
    await writeFile(path.join(dir, "version.json"), '{"version":"1.0.1"}');
    seen.add(await sourceHash(dir));
    expect(seen.size).toBe(4);
  });

  it("ignores test files, which are not part of the build", async () => {
    const dir = await project();
    const before = await sourceHash(dir);
    await writeFile(path.join(dir, "app", "page.test.ts"), "it('x', () => {});");
    expect(await sourceHash(dir)).toBe(before);
  });
});
