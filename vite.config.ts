import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const isVitest = process.env.VITEST === "true";

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    !isVitest &&
      remix({
        // Tests build into their own folder so a test run never replaces a running server's build.
        buildDirectory: process.env.COVENANT_BUILD_DIR ?? "build",
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tailwindcss(),
    tsconfigPaths(),
  ],
  test: {
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        extends: true,
        test: { name: "packages", include: ["packages/*/src/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "app",
          include: ["tests/**/*.test.ts"],
          // The reliability suites start their own servers and clusters (npm run test:faults).
          exclude: ["**/node_modules/**", "tests/reliability/**"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-env.ts"],
          // One database per worker, shared by its test files: the worker keeps its modules.
          pool: "forks",
          poolOptions: { forks: { isolate: false } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
