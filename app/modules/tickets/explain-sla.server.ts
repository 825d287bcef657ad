import { withTenant, type Db } from "../../db.server";
import { describeCalendar } from "../sla/describe-sla";
import { TICKET_STATUS_LABELS } from "../sla/statuses";
import type { TicketPriority } from "./constants";
import { describeClock, formatInstant, type SlaClockName } from "./sla-clock";
import { calendarTimeZone, computeSlaFor } from "./sla-clock.server";
import { findTicket, type ClockOptions, type TicketMember } from "./ticket-access.server";

export type SlaExplanation = {
  number: string;
  priority: TicketPriority;
  cycle: number;
  policy: { name: string; version: number; warningPercent: number; pauseStatuses: string[] };
  calendar: { name: string; timeZone: string; summary: string };
  clocks: Array<{
    clock: SlaClockName;
    targetMinutes: number;
    elapsedMinutes: number;
    remainingMinutes: number;
    state: "running" | "paused" | "met" | "breached";
    dueAt: string | null;
    breachedAt: string | null;
    warningAt: string | null;
    events: Array<{
      at: string;
      atText: string;
      kind: "start" | "pause" | "resume" | "stop";
      why: string;
    }>;
    why: string;
  }>;
};

/**
 * "Explain this SLA": the policy version the ticket runs under, its calendar, the clock events
 * derived from the ticket's history, business minutes counted, the due time, and one sentence per
 * clock saying why it stands where it does. Computed afresh (nothing stored is trusted here).
 */
export async function explainSla(
  db: Db,
  member: TicketMember,
  number: string,
  opts: ClockOptions = {},
): Promise<SlaExplanation> {
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, number);
    const { sla, version } = await computeSlaFor(trx, ticket, now);
    const policy = await trx
      .selectFrom("sla_policies")
      .select("name")
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", version.policyId)
      .executeTakeFirstOrThrow();
    const calendar = await trx
      .selectFrom("calendars")
      .select(["name", "time_zone", "weekly", "is_24x7"])
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", version.calendarId)
      .executeTakeFirstOrThrow();
    const holidayCount =
      typeof version.calendar === "string" ? 0 : version.calendar.holidays.length;
    const timeZone = calendarTimeZone(version.calendar);
    return {
      number: ticket.number,
      priority: ticket.priority as TicketPriority,
      cycle: ticket.sla_cycle,
      policy: {
        name: policy.name,
        version: version.version,
        warningPercent: version.warningPercent,
        pauseStatuses: version.pauseStatuses.map((s) => TICKET_STATUS_LABELS[s]),
      },
      calendar: {
        name: calendar.name,
        timeZone,
        summary: describeCalendar({
          is24x7: calendar.is_24x7,
          timeZone: calendar.time_zone,
          weekly: calendar.weekly,
          holidayCount,
        }),
      },
      clocks: [sla.response, sla.resolution].map((c) => ({
        clock: c.clock,
        targetMinutes: c.targetMinutes,
        elapsedMinutes: Math.round(c.elapsedMinutes * 10) / 10,
        remainingMinutes: Math.round(c.remainingMinutes * 10) / 10,
        state: c.state,
        dueAt: c.dueAt?.toISOString() ?? null,
        breachedAt: c.breachedAt?.toISOString() ?? null,
        warningAt: c.warningAt?.toISOString() ?? null,
        events: c.events.map((e) => ({
          at: e.at.toISOString(),
          atText: formatInstant(e.at, timeZone),
          kind: e.kind,
          why: e.why,
        })),
        why: describeClock(c, timeZone),
      })),
    };
  });
}
