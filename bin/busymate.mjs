#!/usr/bin/env node
// Runs the CLI's TypeScript on this Node through the project's own tsx, so `npx busymate`,
// `npm i -g` and `node bin/busymate.mjs` need no build step.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(pathToFileURL(path.join(root, "cli", "busymate.ts")).href);
