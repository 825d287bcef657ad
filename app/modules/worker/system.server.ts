/*
 * The background worker's cross-tenant steps (DESIGN.md "Background work"): it walks every tenant,
 * so it runs as covenant_system through withSystem. Named and few; nothing in app/routes calls
 * these. Each ticket is handled in its own short transaction under a row lock taken with
 * SKIP LOCKED, re-checked after locking, so two workers (or a restarted one) never act twice —
 * and sla_crossings' unique key makes "once per crossing" hold even if they somehow did.
 */
import { sql } from "kysely";
import pMap from "p-map";
import { withSystem, type Db, type Trx } from "../../db.server";
import { SYSTEM_ACTOR } from "../audit/record-audit.server";
import { applyStatusChange } from "../tickets/apply-status-change.server";
import { crossingKey, describeClock } from "../tickets/sla-clock";
import {
  calendarTimeZone,
  computeSlaFor,
  slaColumns,
  type PolicyVersionCache,
} from "../tickets/sla-clock.server";
import { addTicketEvent, SYSTEM_EVENT_ACTOR } from "../tickets/ticket-access.server";
import { emailSlaCrossing } from "../tickets/ticket-emails.server";
import { DEFAULT_AUTO_CLOSE_DAYS, readTicketSettings } from "../tickets/ticket-settings.server";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook.server";
import { ticketPayload } from "../webhooks/ticket-payload";

type Log = (message: string) => void;

async function tenantOf(trx: Trx, tenantId: string) {
  return trx
    .selectFrom("tenants")
    .select(["slug", "name"])
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
}

/** Tickets whose next SLA check is due, oldest first (the cross-tenant index tickets_sla_check_idx). */
function dueSlaChecks(db: Db, now: Date, limit: number, tenantId?: string) {
  return withSystem(db, (trx) => {
    let query = trx
      .selectFrom("tickets")
      .select(["tenant_id", "id"])
      .where("next_sla_check_at", "<=", now);
    if (tenantId) query = query.where("tenant_id", "=", tenantId);
    return query.orderBy("next_sla_check_at").limit(limit).execute();
  });
}

/** When the earliest SLA check of any tenant falls due (null: none pending). */
export async function nextSlaCheckAt(db: Db): Promise<Date | null> {
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("tickets")
      .select("next_sla_check_at")
      .where("next_sla_check_at", "is not", null)
      .orderBy("next_sla_check_at")
      .limit(1)
      .executeTakeFirst(),
  );
  return row?.next_sla_check_at ?? null;
}

/**
 * One ticket's SLA check: recompute its clocks; for each warning or breach that has happened in
 * the current SLA cycle and was not acted on, insert the crossing (unique: the once-per-crossing
 * guarantee), add an internal timeline event and mail the assignee and the escalation contacts;
 * store the clocks and the next check. Returns the crossings acted on.
 */
export async function checkTicketSla(
  db: Db,
  tenantId: string,
  ticketId: string,
  now: Date,
  cache: PolicyVersionCache = new Map(),
) {
  return withSystem(db, async (trx) => {
    const ticket = await trx
      .selectFrom("tickets")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", ticketId)
      .where("next_sla_check_at", "<=", now)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!ticket) return [];
    const computation = await computeSlaFor(trx, ticket, now, { cache });
    const acted: Array<{ clock: string; kind: string }> = [];
    const recorded = new Set<string>();
    const tenant = await tenantOf(trx, tenantId);
    const settings = await readTicketSettings(trx, tenantId);
    const timeZone = calendarTimeZone(computation.version.calendar);
    for (const crossing of computation.sla.crossings) {
      recorded.add(crossingKey(crossing.clock, crossing.kind));
      const inserted = await trx
        .insertInto("sla_crossings")
        .values({
          tenant_id: tenantId,
          ticket_id: ticket.id,
          clock: crossing.clock,
          kind: crossing.kind,
          cycle: ticket.sla_cycle,
          crossed_at: crossing.at,
          recorded_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["tenant_id", "ticket_id", "clock", "kind", "cycle"]).doNothing(),
        )
        .returning("id")
        .executeTakeFirst();
      if (!inserted) continue;
      const outcome = computation.sla[crossing.clock];
      const description = describeClock(outcome, timeZone);
      await addTicketEvent(trx, ticket, SYSTEM_EVENT_ACTOR, {
        kind: crossing.kind === "breach" ? "sla_breached" : "sla_warning",
        visibility: "internal",
        at: now,
        body: description,
        data: {
          clock: crossing.clock,
          crossedAt: crossing.at.toISOString(),
          cycle: ticket.sla_cycle,
          targetMinutes: outcome.targetMinutes,
        },
      });
      await emailSlaCrossing(
        trx,
        tenant,
        ticket,
        { ...crossing, description },
        settings.escalationEmails,
        now,
      );
      await enqueueWebhookEvent(
        trx,
        tenantId,
        crossing.kind === "breach" ? "ticket.sla_breached" : "ticket.sla_warning",
        {
          ticket: ticketPayload(ticket, tenant.slug),
          clock: crossing.clock,
          crossedAt: crossing.at.toISOString(),
          description,
        },
      );
      acted.push({ clock: crossing.clock, kind: crossing.kind });
    }
    const next = computation.sla.nextFutureCheckAt;
    await trx
      .updateTable("tickets")
      .set({ ...slaColumns({ sla: computation.sla, nextCheckAt: next }) })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", ticket.id)
      .execute();
    return acted;
  });
}

/** Pushes a ticket whose check failed a minute back, so one bad ticket cannot stall the loop. */
function postponeCheck(db: Db, tenantId: string, ticketId: string, now: Date) {
  return withSystem(db, (trx) =>
    trx
      .updateTable("tickets")
      .set({ next_sla_check_at: new Date(now.getTime() + 60_000) })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", ticketId)
      .execute(),
  );
}

/**
 * Checks the tickets whose SLA check is due, `concurrency` at a time (each in its own transaction
 * under its own row lock, so the order between tickets does not matter). `tenantId` limits a pass
 * to one tenant (re-running a tenant by hand; tests sharing a database).
 */
export async function processDueSlaChecks(
  db: Db,
  now: Date,
  opts: { limit?: number; log?: Log; tenantId?: string; concurrency?: number } = {},
) {
  const due = await dueSlaChecks(db, now, opts.limit ?? 100, opts.tenantId);
  const cache: PolicyVersionCache = new Map();
  let crossings = 0;
  await pMap(
    due,
    async ({ tenant_id, id }) => {
      try {
        // Awaited first: `crossings += await …` would read the total before the wait and lose
        // the other checks' additions.
        const acted = await checkTicketSla(db, tenant_id, id, now, cache);
        crossings += acted.length;
      } catch (error) {
        opts.log?.(
          `SLA check of ticket ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        await postponeCheck(db, tenant_id, id, now);
      }
    },
    { concurrency: opts.concurrency ?? 1 },
  );
  return { checked: due.length, crossings };
}

/**
 * Closes tickets resolved more than the tenant's auto_close_days ago (ISO/IEC 20000-1 8.6.1: a
 * resolution the customer does not dispute is confirmed by time). Candidates come from the
 * cross-tenant index tickets_auto_close_idx; each is re-checked under its lock.
 */
export async function autoCloseResolved(
  db: Db,
  now: Date,
  opts: { limit?: number; log?: Log; tenantId?: string } = {},
) {
  const candidates = await withSystem(db, (trx) =>
    trx
      .selectFrom("tickets as t")
      .$if(Boolean(opts.tenantId), (q) => q.where("t.tenant_id", "=", opts.tenantId!))
      .leftJoin("ticket_settings as s", "s.tenant_id", "t.tenant_id")
      .select(["t.tenant_id", "t.id"])
      .where("t.status", "=", "resolved")
      .where("t.resolved_at", "<=", new Date(now.getTime() - 86_400_000))
      .where(
        sql<boolean>`t.resolved_at <= ${now}::timestamptz - make_interval(days => coalesce(s.auto_close_days, ${DEFAULT_AUTO_CLOSE_DAYS}))`,
      )
      .orderBy("t.resolved_at")
      .limit(opts.limit ?? 100)
      .execute(),
  );
  let closed = 0;
  for (const { tenant_id, id } of candidates) {
    try {
      const done = await withSystem(db, async (trx) => {
        const ticket = await trx
          .selectFrom("tickets")
          .selectAll()
          .where("tenant_id", "=", tenant_id)
          .where("id", "=", id)
          .where("status", "=", "resolved")
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!ticket || !ticket.resolved_at) return false;
        const settings = await readTicketSettings(trx, tenant_id);
        if (ticket.resolved_at.getTime() > now.getTime() - settings.autoCloseDays * 86_400_000)
          return false;
        const tenant = await tenantOf(trx, tenant_id);
        await applyStatusChange(
          trx,
          tenant,
          ticket,
          "closed",
          { event: SYSTEM_EVENT_ACTOR, audit: SYSTEM_ACTOR },
          now,
          {
            reason: `closed automatically ${settings.autoCloseDays} day${settings.autoCloseDays === 1 ? "" : "s"} after resolution`,
          },
        );
        return true;
      });
      if (done) closed++;
    } catch (error) {
      opts.log?.(
        `Auto-close of ticket ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { closed };
}
