import type { Db } from "../../db.server";
import {
  createMailTransport,
  deliverDueEmails,
  type MailTransport,
} from "../email/deliver-outbox.server";
import { passDelay } from "./pass-delay";
import { autoCloseResolved, nextSlaCheckAt, processDueSlaChecks } from "./system.server";
import { runCreditJobs } from "../credits/run-credit-jobs.server";
import { loadConfig } from "../../config.server";
import { deliverDueWebhooks } from "../webhooks/deliver-webhooks.server";

export type WorkerOptions = {
  /** how often to look for work (SLA crossings are acted on within this plus the run time) */
  intervalMs?: number;
  /** SMTP_URL; without it mail stays in the outbox for the admins' outbox page */
  smtpUrl?: string | null;
  transport?: MailTransport | null;
  log?: (message: string) => void;
};

/** SLA checks per pass; a pass that finds this many is followed at once by another. */
export const SLA_CHECKS_PER_PASS = 100;

/**
 * One pass of every background job: SLA checks, auto-close, mail, service credits, outbound
 * webhooks. Safe to run concurrently.
 */
export async function runWorkerOnce(
  db: Db,
  opts: {
    now?: Date;
    transport?: MailTransport | null;
    log?: (message: string) => void;
    /** COVENANT_SECRET, to open webhook signing secrets */
    secretKey?: string;
  } = {},
) {
  const now = opts.now ?? new Date();
  const sla = await processDueSlaChecks(db, now, { log: opts.log, limit: SLA_CHECKS_PER_PASS });
  const autoClose = await autoCloseResolved(db, now, { log: opts.log });
  const mail = opts.transport
    ? await deliverDueEmails(db, opts.transport, { now })
    : { sent: 0, failed: 0 };
  // Service credits: the monthly run on the 1st, issuing through Stripe, reconciliation.
  const credits = await runCreditJobs(db, { now, log: opts.log });
  const webhooks = await deliverDueWebhooks(db, opts.secretKey ?? loadConfig().secret);
  return { ...sla, ...autoClose, ...mail, ...credits, webhooksDelivered: webhooks.delivered };
}

/** How long to sleep before the next pass: until the next SLA check falls due, at most `interval`. */
export async function nextPassDelay(
  db: Db,
  result: { checked: number },
  opts: { interval: number; limit: number },
) {
  // A full batch means more checks are waiting: go again at once (no need to ask).
  const next = result.checked >= opts.limit ? null : await nextSlaCheckAt(db);
  return passDelay({ ...opts, checked: result.checked, next, now: new Date() });
}
/**
 * The worker loop (started with the server, or alone with `npm run worker`). After each pass it
 * sleeps until the earliest SLA check falls due (tickets_sla_check_idx), never longer than
 * `intervalMs` (2 s by default) — so a breach is acted on within one pass's run time of its due
 * time, not within a polling interval. All state lives in PostgreSQL, so any number of workers may
 * run and a restarted one simply carries on.
 */
export function startWorker(db: Db, opts: WorkerOptions = {}) {
  const interval = opts.intervalMs ?? 2_000;
  const log = opts.log ?? ((message: string) => console.error(`[worker] ${message}`));
  const transport = opts.transport ?? (opts.smtpUrl ? createMailTransport(opts.smtpUrl) : null);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runWorkerOnce(db, { transport, log })
      .then((result) => {
        if (result.crossings || result.closed || result.sent || result.failed) {
          log(
            `SLA crossings ${result.crossings}, auto-closed ${result.closed}, mail sent ${result.sent}, failed ${result.failed}`,
          );
        }
        return nextPassDelay(db, result, { interval, limit: SLA_CHECKS_PER_PASS });
      })
      .catch((error: unknown) => {
        log(`pass failed: ${error instanceof Error ? error.message : String(error)}`);
        return interval;
      })
      .then((delay) => {
        if (!stopped) timer = setTimeout(tick, delay);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport?.close();
    },
  };
}
