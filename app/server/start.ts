/**
 * `npm start` (and `npm run dev`): migrate, seed an empty database with the demo, serve.
 * Embedded PostgreSQL under .data/ unless DATABASE_URL is set.
 */
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestListener } from "@remix-run/node-fetch-server";
import type { ServerBuild } from "@remix-run/node";
import sirv from "sirv";
import { BUILD_DIR, buildIfNeeded, BUILD_ENTRY } from "./build-if-needed";
import { ensureLocalSecret } from "./secret-file";

const dev = process.argv.includes("--dev");
if (!dev) process.env.NODE_ENV = "production";
ensureLocalSecret(
  process.env.COVENANT_DATA_DIR ? path.dirname(process.env.COVENANT_DATA_DIR) : ".data",
);

const { loadConfig } = await import("../config.server");
const { dbOptionsFromEnv, openScriptDb } = await import("../db.server");
const { migrateToLatest } = await import("../../db/migrator");
const { DEMO_PASSWORD, DEMO_SIGN_INS, hasAnyTenant, seedDemo } = await import("../../db/seed/demo");
const { createAppHandler } = await import("./handler");
const { startWorker } = await import("../modules/worker/run-worker.server");

const config = loadConfig();
const options = dbOptionsFromEnv();
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

console.log(
  options.kind === "postgres"
    ? "Database: PostgreSQL (DATABASE_URL)"
    : `Database: embedded PostgreSQL in ${options.dataDir}`,
);
const handle = await openScriptDb(options);
await migrateToLatest(handle.db);
let seeded = false;
if (!(await hasAnyTenant(handle.db))) {
  await seedDemo(handle.db);
  seeded = true;
}

let listener: ReturnType<typeof createRequestListener>;
let vite: import("vite").ViteDevServer | undefined;
if (dev) {
  const { createServer: createViteServer } = await import("vite");
  vite = await createViteServer({ server: { middlewareMode: true } });
  const handler = createAppHandler({
    build: () => vite!.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    db: handle.db,
    config,
    mode: "development",
  });
  const fetchListener = createRequestListener(handler, { trustProxy: config.trustProxy });
  listener = (req, res) => vite!.middlewares(req, res, () => fetchListener(req, res));
} else {
  buildIfNeeded();
  const build = (await import(pathToFileURL(BUILD_ENTRY).href)) as ServerBuild;
  const handler = createAppHandler({ build, db: handle.db, config, mode: "production" });
  const fetchListener = createRequestListener(handler, { trustProxy: config.trustProxy });
  const assets = sirv(path.join(BUILD_DIR, "client"), {
    etag: true,
    setHeaders(res, pathname) {
      if (pathname.startsWith("/assets/"))
        res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    },
  });
  listener = (req, res) => assets(req, res, () => fetchListener(req, res));
}

// The offline Stripe test server for the demo and e2e (STRIPE_MOCK; README "Service credits").
const { maybeStartStripeMock } = await import("../modules/billing/local-mock.server");
const stripeMock = await maybeStartStripeMock(handle.db, config.secret, {
  appUrl: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
});

// The background worker (SLA escalation, auto-close, mail) runs in this process unless it runs
// separately (`npm run worker`, with COVENANT_WORKER=off here).
const worker =
  process.env.COVENANT_WORKER === "off"
    ? null
    : startWorker(handle.db, {
        smtpUrl: process.env.SMTP_URL || null,
        log: (m) => console.log(`[worker] ${m}`),
      });

const server = createServer(listener);
server.listen(port, host, () => {
  const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
  console.log(`\nCovenant is running at ${url}${dev ? " (development)" : ""}`);
  if (seeded) console.log("Demo data was added to the empty database.");
  console.log(`\nDemo sign-ins (password: ${DEMO_PASSWORD}):`);
  for (const s of DEMO_SIGN_INS) console.log(`  ${s.email.padEnd(26)} ${s.what}`);
  console.log(`\nSign in at ${url}/sign-in — Ctrl+C to stop.`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections?.();
  await vite?.close();
  await worker?.stop();
  await stripeMock?.close();
  await handle.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
