import { zonedTimeToInstant } from "@covenant/sla-engine";
import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import {
  addTicketEvent,
  eventActorOf,
  findTicket,
  requireTicketWorker,
  touchTicket,
  type ClockOptions,
  type TicketMember,
} from "./ticket-access.server";

/** "2026-03-01T14:30" read as wall time in `timeZone`, or an ISO instant with Z/offset. */
export function parseInstant(
  value: Date | string,
  timeZone: string,
  field: string,
  label: string,
): Date {
  if (value instanceof Date) return value;
  try {
    const date = /(Z|[+-]\d{2}:\d{2})$/.test(value)
      ? new Date(value)
      : zonedTimeToInstant(timeZone, value.length === 16 ? value : value.slice(0, 16));
    if (Number.isNaN(date.getTime())) throw new Error("invalid");
    return date;
  } catch {
    throw new AppError(
      "validation",
      `${label} must be a real date and time, like 2026-03-01T14:30.`,
      { field },
    );
  }
}

/**
 * Records that an incident is an outage of a service, from start to end (end may follow later);
 * these intervals feed the availability of the service (ISO/IEC 20000-1 8.7.1).
 */
export async function recordOutage(
  db: Db,
  member: TicketMember,
  input: {
    number: string;
    outageServiceId: string;
    outageStart: Date | string;
    outageEnd: Date | string | null;
    timeZone?: string;
  },
  opts: ClockOptions = {},
) {
  requireTicketWorker(member, "record outages");
  const timeZone = input.timeZone || "UTC";
  const start = parseInstant(input.outageStart, timeZone, "outageStart", "Outage start");
  const end =
    input.outageEnd === null || input.outageEnd === ""
      ? null
      : parseInstant(input.outageEnd, timeZone, "outageEnd", "Outage end");
  if (end && end < start)
    throw new AppError("validation", "Outage end must be at or after its start.", {
      field: "outageEnd",
    });
  const now = opts.now ?? new Date();
  if (start > now)
    throw new AppError("validation", "Outage start cannot be in the future.", {
      field: "outageStart",
    });
  return withTenant(db, member.ctx, async (trx) => {
    const ticket = await findTicket(trx, member, input.number, { lock: true });
    if (ticket.kind !== "incident")
      throw new AppError("validation", "Only incidents can record an outage.", {
        field: "outageServiceId",
      });
    const service = await trx
      .selectFrom("services")
      .select(["id", "name"])
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", input.outageServiceId)
      .executeTakeFirst();
    if (!service)
      throw new AppError("validation", "Choose the affected service from the list.", {
        field: "outageServiceId",
      });
    await trx
      .updateTable("tickets")
      .set({ is_outage: true, outage_service_id: service.id, outage_start: start, outage_end: end })
      .where("tenant_id", "=", ticket.tenant_id)
      .where("id", "=", ticket.id)
      .execute();
    await touchTicket(trx, ticket, now);
    const after = {
      serviceId: service.id,
      serviceName: service.name,
      start: start.toISOString(),
      end: end?.toISOString() ?? null,
    };
    await addTicketEvent(trx, ticket, eventActorOf(member), {
      kind: "outage",
      visibility: "public",
      at: now,
      data: after,
    });
    await recordAudit(trx, ticket.tenant_id, member.actor, {
      action: "ticket.outage_recorded",
      entityType: "ticket",
      entityId: ticket.id,
      before: {
        number: ticket.number,
        isOutage: ticket.is_outage,
        serviceId: ticket.outage_service_id,
        start: ticket.outage_start?.toISOString() ?? null,
        end: ticket.outage_end?.toISOString() ?? null,
      },
      after: { number: ticket.number, ...after },
    });
    return { outageServiceId: service.id, outageStart: start, outageEnd: end };
  });
}
