import { defineConfig } from "vitest/config";

// Used when running from this folder (`npx vitest run --root packages/sla-engine`); a root
// config or `npx vitest run packages/sla-engine` from the repo root finds the same files.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
  },
});
