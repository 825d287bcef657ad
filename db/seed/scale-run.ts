/**
 * `npm run seed:scale` as a function (the CLI in scale.ts and the tests call it): migrate, create
 * the tenants through createTenant, then generate everything else in the database, month by
 * month, and finish with ANALYZE. Every phase is timed.
 *
 * Bulk work runs on dedicated connections as covenant_system (the role withSystem uses: it
 * bypasses row-level security, which would otherwise refuse the owner's writes); the months of
 * tickets are shared over `jobs` such sessions. The bulk tables' plain secondary indexes and foreign
 * keys are set aside during the load and put back once at the end, which checks every row against
 * every foreign key (scale-set-aside.ts); keys, unique and check constraints, triggers and policies
 * stay in place throughout. Session settings only make the sessions
 * cheaper: asynchronous commit (a crash loses the last commits, never consistency), more memory
 * for sorts and temporary tables, hash joins instead of loops, no JIT, no parallel workers (with
 * setseed per month, the same plan draws the same random numbers).
 */
import { sql } from "kysely";
import { performance } from "node:perf_hooks";
import type { Db } from "../../app/db.server";
import { hashPassword } from "../../app/modules/auth/passwords.server";
import { migrateToLatest } from "../migrator";
import { CALENDAR_PROFILES, DAY_MS, officeArrays, type OfficeArrays } from "./scale-calendar";
import { DEFAULT_SCALE_JOBS, type ScaleOptions } from "./scale-options";
import { loadScaleTenants, seedOrganisations, type Conn } from "./scale-organisation";
import { planScale, type ScalePlan } from "./scale-plan";
import { restoreSetAside, setAside } from "./scale-set-aside";
import { seedServiceLevels } from "./scale-sla";
import { collectSummary, type ScaleSummary } from "./scale-summary";
import {
  createScaleTenants,
  existingScaleData,
  SCALE_ACTOR,
  SCALE_DONE_ACTION,
} from "./scale-tenants";
import { prepareTicketRefs } from "./scale-ticket-refs";
import { advanceCounters, generateSlice } from "./scale-tickets";

export const SCALE_PASSWORD = "covenant-demo";

export type PhaseTiming = { phase: string; seconds: number };

export type ScaleRunResult =
  | { status: "exists"; tenants: number }
  | {
      status: "created";
      plan: ScalePlan;
      phases: PhaseTiming[];
      totalSeconds: number;
      summary: ScaleSummary;
    };

export class ScaleDataExistsError extends Error {}

type Log = (message: string) => void;

function timer(log: Log) {
  const phases: PhaseTiming[] = [];
  return {
    phases,
    async run<T>(phase: string, fn: () => Promise<T>): Promise<T> {
      const started = performance.now();
      const result = await fn();
      const seconds = (performance.now() - started) / 1000;
      phases.push({ phase, seconds });
      log(`  ${phase.padEnd(44)} ${seconds.toFixed(1).padStart(8)} s`);
      return result;
    },
  };
}

async function inSession(conn: Conn) {
  await sql`set temp_buffers = '256MB'`.execute(conn);
  await sql`set work_mem = '256MB'`.execute(conn);
  await sql`set synchronous_commit = off`.execute(conn);
  await sql`set max_parallel_workers_per_gather = 0`.execute(conn);
  // The ticket query joins small lookup tables to every generated row: hash joins, never a loop.
  await sql`set enable_nestloop = off`.execute(conn);
  // Compiling the long clock expressions would cost more than evaluating them.
  await sql`set jit = off`.execute(conn);
  await sql`set role covenant_system`.execute(conn);
}

/**
 * The months, shared out over `jobs` sessions of their own (each builds its lookup tables from
 * the rows already written). A month's random numbers depend only on the month, not on which
 * session draws them.
 */
async function generateTickets(
  db: Db,
  plan: ScalePlan,
  ids: Map<number, string>,
  profiles: OfficeArrays[],
  jobs: number,
  log: Log,
) {
  const queue = [...plan.slices];
  const n = (v: number) => v.toLocaleString("en-GB");
  const session = () =>
    db.connection().execute(async (conn) => {
      try {
        await inSession(conn);
        await loadScaleTenants(conn, plan, ids);
        await prepareTicketRefs(conn, plan);
        for (let slice = queue.shift(); slice; slice = queue.shift()) {
          const expected = plan.counts
            .filter((c) => c.slice === slice!.index)
            .reduce((sum, c) => sum + c.count, 0);
          await sql`select setseed(${(slice.index + 1) / 100})`.execute(conn);
          const r = await generateSlice(conn, plan, slice.index, profiles);
          if (r.tickets !== expected)
            throw new Error(`${slice.label}: ${r.tickets} tickets written, ${expected} planned`);
          const s = r.seconds;
          const total = s.stage + s.tickets + s.events + s.crossings;
          log(
            `    ${slice.label}: ${n(r.tickets)} tickets, ${n(r.events)} events, ${n(r.crossings)} crossings in ${total.toFixed(1)} s (histories ${s.stage.toFixed(1)}, tickets ${s.tickets.toFixed(1)}, events ${s.events.toFixed(1)}, crossings ${s.crossings.toFixed(1)})`,
          );
        }
      } catch (error) {
        queue.length = 0;
        throw error;
      } finally {
        await sql`discard all`.execute(conn);
      }
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, session));
}

export async function runScaleSeed(
  db: Db,
  options: Pick<ScaleOptions, "tenants" | "tickets"> & { jobs?: number },
  opts: { log?: Log; now?: Date } = {},
): Promise<ScaleRunResult> {
  const log = opts.log ?? (() => {});
  const jobs = options.jobs ?? DEFAULT_SCALE_JOBS;
  const started = performance.now();
  const t = timer(log);

  await t.run("migrate", () => migrateToLatest(db));
  const existing = await existingScaleData(db);
  if (existing.tenants > 0) {
    if (!existing.finished)
      throw new ScaleDataExistsError(
        `This database holds ${existing.tenants} scale tenants from a run that did not finish. Generate into a fresh database (dropdb/createdb, or a new DATABASE_URL).`,
      );
    return { status: "exists", tenants: existing.tenants };
  }

  const plan = planScale(options, opts.now ?? new Date());
  const created = new Date(plan.windowStart.getTime() - 60 * DAY_MS);
  const profiles = CALENDAR_PROFILES.map((p) => officeArrays(p, plan.base, plan.days));
  const passwordHash = await t.run("hash the password (argon2, once)", () =>
    hashPassword(SCALE_PASSWORD),
  );
  const ids = await t.run(`create ${plan.tenants.length} tenants (createTenant)`, () =>
    createScaleTenants(db, plan.tenants, passwordHash),
  );

  const summary = await db.connection().execute(async (conn) => {
    try {
      await inSession(conn);
      await t.run("customers, people, groups, catalogue", async () => {
        await loadScaleTenants(conn, plan, ids);
        await seedOrganisations(conn, passwordHash, created);
      });
      await t.run("calendars, SLA policies, contracts", () =>
        seedServiceLevels(conn, plan, created),
      );
      await sql`reset role`.execute(conn);
      const items = await t.run("set aside secondary indexes and foreign keys", () =>
        setAside(conn),
      );
      await sql`set role covenant_system`.execute(conn);
      try {
        await t.run(`tickets, timelines, crossings (${jobs} sessions)`, () =>
          generateTickets(db, plan, ids, profiles, jobs, log),
        );
      } finally {
        // Also after a failed load: the database keeps every index its migrations made.
        const indexes = items.filter((i) => i.kind === "index").length;
        await t.run(
          `build ${indexes} indexes (${jobs} sessions), add ${items.length - indexes} foreign keys`,
          () => restoreSetAside(db, jobs),
        );
      }
      await t.run("counters, completion mark", async () => {
        await advanceCounters(conn, plan);
        await sql`
          insert into audit_events (tenant_id, at, actor_label, action, entity_type, entity_id, after)
          select tenant_id, now(), ${SCALE_ACTOR.label}, ${SCALE_DONE_ACTION}, 'tenant', tenant_id::text,
            jsonb_build_object('tickets', tickets, 'customers', customers, 'services', services,
              'agents', agents, 'asOf', ${plan.now.toISOString()}::text)
          from scale_tenants order by ord desc`.execute(conn);
      });
      // ANALYZE needs the owner; counting needs covenant_system again (forced RLS).
      await sql`reset role`.execute(conn);
      await t.run("analyze", () => sql`analyze`.execute(conn));
      await sql`set role covenant_system`.execute(conn);
      return await t.run("count rows", () => collectSummary(conn, plan));
    } finally {
      await sql`discard all`.execute(conn);
    }
  });
  return {
    status: "created",
    plan,
    phases: t.phases,
    totalSeconds: (performance.now() - started) / 1000,
    summary,
  };
}
