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
import { refreshStaleRollups } from "../reports/refresh-rollups.server";

export type WorkerOptions = {
  /** the longest either loop sleeps between passes */
  intervalMs?: number;
  /** SMTP_URL; without it mail stays in the outbox for the admins' outbox page */
  smtpUrl?: string | null;
  transport?: MailTransport | null;
  log?: (message: string) => void;
};

/** SLA checks per pass; a pass that finds this many is followed at once by another. */
export const SLA_CHECKS_PER_PASS = 100;

/**
 * Tickets checked at once within a pass. Each check is a short transaction that mostly waits on
 * PostgreSQL, so a few in flight keep up with a burst of crossings (benchmark 7, breach lag) while
 * leaving most of the pool to web requests.
 */
export const SLA_CHECK_CONCURRENCY = 4;

type Log = (message: string) => void;

/** SLA warnings and breaches that have fallen due, acted on once each (escalation). */
export function runSlaChecks(db: Db, opts: { now?: Date; log?: Log } = {}) {
  return processDueSlaChecks(db, opts.now ?? new Date(), {
    log: opts.log,
    limit: SLA_CHECKS_PER_PASS,
    concurrency: SLA_CHECK_CONCURRENCY,
  });
}

/**
 * Everything else the worker does: auto-close, mail, service credits, outbound webhooks, and
 * rebuilding report rollups a change has outdated.
 */
export async function runBackgroundJobs(
  db: Db,
  opts: {
    now?: Date;
    transport?: MailTransport | null;
    log?: Log;
    /** COVENANT_SECRET, to open webhook signing secrets */
    secretKey?: string;
  } = {},
) {
  const now = opts.now ?? new Date();
  const autoClose = await autoCloseResolved(db, now, { log: opts.log });
  const mail = opts.transport
    ? await deliverDueEmails(db, opts.transport, { now })
    : { sent: 0, failed: 0 };
  // Service credits: the monthly run on the 1st, issuing through Stripe, reconciliation.
  const credits = await runCreditJobs(db, { now, log: opts.log });
  const webhooks = await deliverDueWebhooks(db, opts.secretKey ?? loadConfig().secret);
  const rollups = await refreshStaleRollups(db, now, { log: opts.log });
  return { ...autoClose, ...mail, ...credits, webhooksDelivered: webhooks.delivered, ...rollups };
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
 * Runs `pass` until stopped, sleeping for the milliseconds each pass returns. A failed pass is
 * logged and retried after `interval`; it never stops the loop.
 */
function repeat(name: string, pass: () => Promise<number>, opts: { interval: number; log: Log }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = pass()
      .catch((error: unknown) => {
        opts.log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        return opts.interval;
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
    },
  };
}

/**
 * The worker (started with the server, or alone with `npm run worker`): two loops, so a slow
 * credit run, mail server or webhook endpoint never delays escalation.
 * - SLA checks: after each pass it sleeps until the earliest SLA check falls due
 *   (tickets_sla_check_idx), never longer than `intervalMs` (2 s by default) — a breach is acted
 *   on within one pass's run time of its due time, not within a polling interval.
 * - Background jobs (auto-close, mail, credits, webhooks, report rollups): every `intervalMs`.
 * All state lives in PostgreSQL, so any number of workers may run and a restarted one simply
 * carries on.
 */
export function startWorker(db: Db, opts: WorkerOptions = {}) {
  const interval = opts.intervalMs ?? 2_000;
  const log = opts.log ?? ((message: string) => console.error(`[worker] ${message}`));
  const transport = opts.transport ?? (opts.smtpUrl ? createMailTransport(opts.smtpUrl) : null);
  const sla = repeat(
    "SLA pass",
    async () => {
      const result = await runSlaChecks(db, { log });
      if (result.crossings) log(`SLA crossings ${result.crossings}`);
      return nextPassDelay(db, result, { interval, limit: SLA_CHECKS_PER_PASS });
    },
    { interval, log },
  );
  const jobs = repeat(
    "background pass",
    async () => {
      const result = await runBackgroundJobs(db, { transport, log });
      if (result.closed || result.sent || result.failed) {
        log(`auto-closed ${result.closed}, mail sent ${result.sent}, failed ${result.failed}`);
      }
      return interval;
    },
    { interval, log },
  );
  return {
    async stop() {
      await Promise.all([sla.stop(), jobs.stop()]);
      transport?.close();
    },
  };
}
