import type { Calendar } from "@covenant/sla-engine";
import type { Trx } from "../../db.server";
import type { Ticket } from "../../../db/schema";
import { getPolicyVersion, type ResolvedPolicyVersion } from "../sla/resolve-sla.server";
import type { Priority } from "../sla/statuses";
import type { TicketStatus } from "./constants";
import {
  computeTicketSla,
  crossingKey,
  nextCheckAt,
  type StatusChange,
  type TicketClockFacts,
  type TicketSla,
} from "./sla-clock";

/** Policy versions never change once written, so one read per version is enough for a whole run. */
export type PolicyVersionCache = Map<string, Promise<ResolvedPolicyVersion>>;

export function loadPolicyVersion(
  trx: Trx,
  tenantId: string,
  versionId: string,
  cache?: PolicyVersionCache,
) {
  const key = `${tenantId}:${versionId}`;
  let version = cache?.get(key);
  if (!version) {
    version = getPolicyVersion(trx, tenantId, versionId);
    cache?.set(key, version);
  }
  return version;
}

export function calendarTimeZone(calendar: Calendar) {
  return typeof calendar === "string" ? "UTC" : calendar.timeZone;
}

/**
 * Status changes in the order they happened. Changes recorded at the same instant (one request
 * that replies and changes status, or a replayed history) are chained from→to, not left to the
 * order of random ids.
 */
export function orderStatusChanges(changes: StatusChange[]): StatusChange[] {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const ordered: StatusChange[] = [];
  let current: TicketStatus = "new";
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && sorted[j]!.at.getTime() === sorted[i]!.at.getTime()) j++;
    const group = sorted.slice(i, j);
    while (group.length) {
      const next = group.findIndex((c) => c.from === current);
      const [change] = group.splice(next < 0 ? 0 : next, 1);
      ordered.push(change!);
      current = change!.to;
    }
    i = j;
  }
  return ordered;
}

export async function loadStatusChanges(trx: Trx, tenantId: string, ticketId: string) {
  const rows = await trx
    .selectFrom("ticket_events")
    .select(["at", "data"])
    .where("tenant_id", "=", tenantId)
    .where("ticket_id", "=", ticketId)
    .where("kind", "in", ["status_changed", "reopened"])
    .execute();
  return orderStatusChanges(
    rows.map((r) => {
      const data = r.data as { from: TicketStatus; to: TicketStatus };
      return { at: r.at, from: data.from, to: data.to };
    }),
  );
}

export type TicketSlaComputation = {
  sla: TicketSla;
  version: ResolvedPolicyVersion;
  facts: TicketClockFacts;
  nextCheckAt: Date | null;
};

type ClockTicket = Pick<
  Ticket,
  | "tenant_id"
  | "id"
  | "created_at"
  | "first_response_at"
  | "priority"
  | "sla_policy_version_id"
  | "sla_cycle"
>;

export async function computeSlaFor(
  trx: Trx,
  ticket: ClockTicket,
  now: Date,
  opts: { cache?: PolicyVersionCache; statusChanges?: StatusChange[] } = {},
): Promise<TicketSlaComputation> {
  const version = await loadPolicyVersion(
    trx,
    ticket.tenant_id,
    ticket.sla_policy_version_id,
    opts.cache,
  );
  const statusChanges =
    opts.statusChanges ?? (await loadStatusChanges(trx, ticket.tenant_id, ticket.id));
  const facts: TicketClockFacts = {
    createdAt: ticket.created_at,
    statusChanges,
    firstResponseAt: ticket.first_response_at,
    pauseStatuses: version.pauseStatuses,
  };
  const sla = computeTicketSla({
    ...facts,
    calendar: version.calendar,
    targets: version.targets[`P${ticket.priority}` as Priority],
    warningPercent: version.warningPercent,
    now,
  });
  // Crossings already acted on in this SLA cycle (customers cannot read them: for them none are,
  // which at worst makes the worker look at the ticket once more).
  const recorded = await trx
    .selectFrom("sla_crossings")
    .select(["clock", "kind"])
    .where("tenant_id", "=", ticket.tenant_id)
    .where("ticket_id", "=", ticket.id)
    .where("cycle", "=", ticket.sla_cycle)
    .execute();
  const keys = new Set(recorded.map((r) => crossingKey(r.clock, r.kind)));
  return { sla, version, facts, nextCheckAt: nextCheckAt(sla, keys) };
}

/** The stored SLA columns for a computation (what queues sort and filter on). */
export function slaColumns(c: Pick<TicketSlaComputation, "sla" | "nextCheckAt">) {
  const { response, resolution, atRisk } = c.sla;
  return {
    response_due_at: response.dueAt,
    response_state: response.state,
    response_breached_at: response.breachedAt,
    resolution_due_at: resolution.dueAt,
    resolution_state: resolution.state,
    resolution_breached_at: resolution.breachedAt,
    sla_at_risk: atRisk,
    next_sla_check_at: c.nextCheckAt,
  };
}

/**
 * Recomputes a ticket's clocks from its history and stores the result. Every use case that changes
 * a ticket calls this in its transaction, after its own change.
 */
export async function recomputeTicketSla(
  trx: Trx,
  tenantId: string,
  ticketId: string,
  now: Date,
  opts: { cache?: PolicyVersionCache } = {},
) {
  const ticket = await trx
    .selectFrom("tickets")
    .select([
      "tenant_id",
      "id",
      "created_at",
      "first_response_at",
      "priority",
      "sla_policy_version_id",
      "sla_cycle",
    ])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", ticketId)
    .executeTakeFirstOrThrow();
  const computation = await computeSlaFor(trx, ticket, now, opts);
  await trx
    .updateTable("tickets")
    .set(slaColumns(computation))
    .where("tenant_id", "=", tenantId)
    .where("id", "=", ticketId)
    .execute();
  return computation;
}
