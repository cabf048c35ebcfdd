import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A leading underscore marks a binding left unused on purpose (e.g. omitting a key by destructuring).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The stand-in exists only in embedded mode: the launcher starts it, tests and benches drive it.
  {
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: ["lib/local-supabase/**", "lib/launcher/**", "lib/testing/**", "**/*.test.ts", "bench/**", "e2e/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/local-supabase", "@/lib/local-supabase/*"],
              message: "Only the launcher and tests may use the local Supabase stand-in.",
            },
          ],
        },
      ],
    },
  },
  // Components render; data comes through lib/data over the operations client, never from the database.
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/db",
                "@/lib/db/*",
                "@/lib/local-supabase",
                "@/lib/local-supabase/*",
                "@/lib/mcp/*",
                "@/lib/oauth/*",
                "@/lib/routes/*",
                "@/lib/operations",
                "@/lib/operations/*",
                "!@/lib/operations/registry-types",
                "!@/lib/operations/http-client",
              ],
              message: "Components get data from lib/data (operations over HTTP), never from server modules.",
            },
            {
              group: ["@/lib/health/*", "@/lib/instance/*"],
              allowTypeImports: true,
              message: "Server modules: import their types only.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    ".busymate/**",
    ".scratch/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
