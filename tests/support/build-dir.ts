import { spawnSync } from "node:child_process";

/**
 * Each `npm test` run builds the app into its own folder (several runs may overlap on one machine);
 * the global setup picks it and the test workers inherit it through the environment.
 */
export function testBuildDir() {
  const dir = process.env.COVENANT_TEST_BUILD_DIR;
  if (!dir) throw new Error("COVENANT_TEST_BUILD_DIR is set by tests/support/global-setup.ts");
  return dir;
}

/** A production build of the app into `dir` (as `npm start` would make it, but in its own folder). */
export function buildAppInto(dir: string) {
  const build = spawnSync(
    process.execPath,
    ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        VITEST: undefined,
        NODE_ENV: "production",
        COVENANT_BUILD_DIR: dir,
      },
    },
  );
  if (build.status !== 0) throw new Error("vite build failed");
}
