import { defineConfig } from "@playwright/test";

// Several runs may share a machine: each gets its own port and build folder (the workers inherit
// the port the main process picked through the environment).
process.env.E2E_PORT ??= String(3210 + (process.pid % 700));
const PORT = Number(process.env.E2E_PORT);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * Drives Debian's chromium (never a downloaded browser) against `npm start` on a fresh embedded
 * database with the demo data, exactly what a new user gets.
 */
export default defineConfig({
  testDir: ".",
  outputDir: "../test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "laptop", use: { viewport: { width: 1280, height: 800 } }, grepInvert: /@phone/ },
    {
      name: "phone",
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
      grep: /@phone/,
    },
  ],
  webServer: {
    command: `rm -rf .data/e2e-${PORT} && node node_modules/tsx/dist/cli.mjs app/server/start.ts`,
    cwd: "..",
    url: `${BASE_URL}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      COVENANT_DATA_DIR: `.data/e2e-${PORT}/pglite`,
      COVENANT_BUILD_DIR: `node_modules/.cache/covenant-e2e-build-${PORT}`,
      DATABASE_URL: "",
    },
  },
});
