import type { Db } from "../../db.server";
import {
  createMailTransport,
  deliverDueEmails,
  type MailTransport,
} from "../email/deliver-outbox.server";
import { autoCloseResolved, processDueSlaChecks } from "./system.server";
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
  const sla = await processDueSlaChecks(db, now, { log: opts.log });
  const autoClose = await autoCloseResolved(db, now, { log: opts.log });
  const mail = opts.transport
    ? await deliverDueEmails(db, opts.transport, { now })
    : { sent: 0, failed: 0 };
  // Service credits: the monthly run on the 1st, issuing through Stripe, reconciliation.
  const credits = await runCreditJobs(db, { now, log: opts.log });
  const webhooks = await deliverDueWebhooks(db, opts.secretKey ?? loadConfig().secret);
  return { ...sla, ...autoClose, ...mail, ...credits, webhooksDelivered: webhooks.delivered };
}

/**
 * The worker loop (started with the server, or alone with `npm run worker`): a pass every
 * `intervalMs` (2 s by default). All state lives in PostgreSQL, so any number of workers may run
 * and a restarted one simply carries on.
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
      })
      .catch((error: unknown) =>
        log(`pass failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, interval);
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
