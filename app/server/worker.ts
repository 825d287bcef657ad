/**
 * `npm run worker`: the background worker on its own (SLA warnings and breaches, auto-close, mail
 * delivery). `npm start` runs the same loop inside the server unless COVENANT_WORKER=off, so a
 * deployment can run web and worker processes separately; any number of workers may run.
 */
import path from "node:path";
import { ensureLocalSecret } from "./secret-file";

ensureLocalSecret(
  process.env.COVENANT_DATA_DIR ? path.dirname(process.env.COVENANT_DATA_DIR) : ".data",
);

const { dbOptionsFromEnv, openScriptDb } = await import("../db.server");
const { migrateToLatest } = await import("../../db/migrator");
const { startWorker } = await import("../modules/worker/run-worker.server");

const options = dbOptionsFromEnv();
if (options.kind === "embedded") {
  console.warn(
    "[worker] No DATABASE_URL: using the embedded database. It cannot be shared with a running server — use `npm start` (which runs the worker) or set DATABASE_URL.",
  );
}
const handle = await openScriptDb(options);
await migrateToLatest(handle.db);
const worker = startWorker(handle.db, {
  smtpUrl: process.env.SMTP_URL || null,
  log: (message) => console.log(`[worker] ${message}`),
});
console.log(
  `[worker] running${process.env.SMTP_URL ? " (mail via SMTP_URL)" : " (no SMTP_URL: mail stays in the outbox)"}. Ctrl+C to stop.`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await handle.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
