import { sql } from "kysely";
import { withTenant, type Db } from "../../db.server";
import { addInternalNote } from "../tickets/add-internal-note.server";
import { changeStatus } from "../tickets/change-status.server";
import { createIncident } from "../tickets/create-incident.server";
import { recordOutage } from "../tickets/record-outage.server";
import type { TicketMember } from "../tickets/ticket-access.server";
import { endedAt, type Alert, type AlertmanagerPayload } from "./alertmanager-schema";
import { pickRoute } from "./match-route";

export type IngestSummary = {
  opened: string[];
  joined: string[];
  resolved: string[];
  unrouted: number;
  unchanged: number;
};

/** A claim older than this with no incident was left by a crashed request: take it over. */
const STALE_CLAIM_SECONDS = 60;

function subjectFor(alert: Alert) {
  const name = alert.labels.alertname ?? "Alert";
  const summary = alert.annotations.summary ?? alert.annotations.description ?? "";
  return `[${name}] ${summary}`.trim().slice(0, 200);
}

const alertName = (alert: Alert) => alert.labels.alertname ?? alert.fingerprint;

const ticketLink = (member: TicketMember, number: string) =>
  `[${number}](/t/${member.tenant.slug}/tickets/${number})`;

/** The incident a firing alert opened or joined: the one its resolve will end the outage of. */
async function linkEvent(db: Db, member: TicketMember, eventId: string, ticketId: string) {
  await withTenant(db, member.ctx, (trx) =>
    trx
      .updateTable("alert_events")
      .set({ ticket_id: ticketId, updated_at: sql`now()` })
      .where("tenant_id", "=", member.ctx.tenantId)
      .where("id", "=", eventId)
      .execute(),
  );
}

function descriptionFor(alert: Alert, payload: AlertmanagerPayload) {
  const lines = [
    `Raised automatically from Prometheus Alertmanager (receiver \`${payload.receiver || "—"}\`).`,
    "",
    alert.annotations.description ?? alert.annotations.summary ?? "",
    "",
    "| label | value |",
    "|---|---|",
    ...Object.entries(alert.labels).map(([k, v]) => `| ${k} | ${v.replace(/\|/g, "\\|")} |`),
  ];
  if (alert.generatorURL) lines.push("", `Source: ${alert.generatorURL}`);
  return lines.join("\n").slice(0, 20_000);
}

/**
 * Alertmanager → incidents. Each alert is keyed by (fingerprint, startsAt): a firing alert opens an
 * incident for its route's customer and service and records the outage start — or joins the open
 * incident of an earlier firing of the same fingerprint while that incident's outage is still
 * open. A ticket holds one outage window, so once that outage has ended (the alert resolved but
 * the incident stayed open) a new firing opens a new incident with its own window, and both
 * timelines say so; joining would stretch the outage over the time the service was up. A resolved
 * alert records the outage end of the incident its firing opened or joined and, when the route
 * says so, resolves it. Replaying a payload changes nothing.
 */
export async function ingestAlerts(db: Db, member: TicketMember, payload: AlertmanagerPayload) {
  const tenantId = member.ctx.tenantId;
  const summary: IngestSummary = {
    opened: [],
    joined: [],
    resolved: [],
    unrouted: 0,
    unchanged: 0,
  };
  const routes = await withTenant(db, member.ctx, (trx) =>
    trx.selectFrom("alert_routes").selectAll().where("tenant_id", "=", tenantId).execute(),
  );

  for (const alert of payload.alerts) {
    const startsAt = new Date(alert.startsAt);
    const route = pickRoute(routes, alert.labels);
    if (!route) {
      const inserted = await withTenant(db, member.ctx, (trx) =>
        trx
          .insertInto("alert_events")
          .values({
            tenant_id: tenantId,
            fingerprint: alert.fingerprint,
            starts_at: startsAt,
            ends_at: endedAt(alert),
            alertname: alert.labels.alertname ?? "",
            labels: JSON.stringify(alert.labels),
            status: "unrouted",
          })
          .onConflict((oc) => oc.columns(["tenant_id", "fingerprint", "starts_at"]).doNothing())
          .returning("id")
          .executeTakeFirst(),
      );
      if (inserted) summary.unrouted++;
      else summary.unchanged++;
      continue;
    }

    if (alert.status === "firing") {
      const claim = await withTenant(db, member.ctx, async (trx) => {
        const inserted = await trx
          .insertInto("alert_events")
          .values({
            tenant_id: tenantId,
            fingerprint: alert.fingerprint,
            starts_at: startsAt,
            alertname: alert.labels.alertname ?? "",
            labels: JSON.stringify(alert.labels),
            route_id: route.id,
            customer_id: route.customer_id,
            status: "firing",
          })
          .onConflict((oc) => oc.columns(["tenant_id", "fingerprint", "starts_at"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (inserted) return inserted.id;
        // Recorded as unrouted before a route matched it: Alertmanager repeats a firing alert with
        // the same fingerprint and start, so the route added since takes it over now.
        const routedNow = await trx
          .updateTable("alert_events")
          .set({
            status: "firing",
            route_id: route.id,
            customer_id: route.customer_id,
            updated_at: sql`now()`,
          })
          .where("tenant_id", "=", tenantId)
          .where("fingerprint", "=", alert.fingerprint)
          .where("starts_at", "=", startsAt)
          .where("status", "=", "unrouted")
          .returning("id")
          .executeTakeFirst();
        if (routedNow) return routedNow.id;
        const stale = await trx
          .updateTable("alert_events")
          .set({ updated_at: sql`now()` })
          .where("tenant_id", "=", tenantId)
          .where("fingerprint", "=", alert.fingerprint)
          .where("starts_at", "=", startsAt)
          .where("status", "=", "firing")
          .where("ticket_id", "is", null)
          .where(
            "updated_at",
            "<",
            sql<Date>`now() - make_interval(secs => ${STALE_CLAIM_SECONDS})`,
          )
          .returning("id")
          .executeTakeFirst();
        return stale?.id ?? null;
      });
      if (!claim) {
        summary.unchanged++;
        continue;
      }
      // An earlier firing of the same alert whose incident is still open: add to it.
      const open = await withTenant(db, member.ctx, (trx) =>
        trx
          .selectFrom("alert_events")
          .innerJoin("tickets", (j) =>
            j
              .onRef("tickets.tenant_id", "=", "alert_events.tenant_id")
              .onRef("tickets.id", "=", "alert_events.ticket_id"),
          )
          .select(["tickets.id", "tickets.number", "tickets.outage_end"])
          .where("alert_events.tenant_id", "=", tenantId)
          .where("alert_events.fingerprint", "=", alert.fingerprint)
          .where("tickets.status", "in", ["new", "in_progress", "awaiting_customer"])
          .orderBy("alert_events.starts_at", "desc")
          .executeTakeFirst(),
      );
      if (open && open.outage_end === null) {
        await addInternalNote(db, member, {
          number: open.number,
          body: `Alert **${alertName(alert)}** fired again at ${startsAt.toISOString()} (fingerprint \`${alert.fingerprint}\`).`,
        });
        await linkEvent(db, member, claim, open.id);
        summary.joined.push(open.number);
        continue;
      }
      const created = await createIncident(db, member, {
        serviceId: route.service_id,
        impact: route.impact,
        urgency: route.urgency,
        subject: subjectFor(alert),
        description: descriptionFor(alert, payload),
        customerId: route.customer_id,
        requesterMembershipId: undefined,
      });
      await recordOutage(db, member, {
        number: created.number,
        outageServiceId: route.service_id,
        outageStart: startsAt,
        outageEnd: null,
      });
      // Linked before the notes: from here a replay finds the alert handled, so a crash below
      // costs a note, never a second incident.
      await linkEvent(db, member, claim, created.id);
      if (open) {
        const ended = open.outage_end!.toISOString();
        await addInternalNote(db, member, {
          number: open.number,
          body: `Alert **${alertName(alert)}** fired again at ${startsAt.toISOString()} after its outage ended at ${ended}; continued in ${ticketLink(member, created.number)} (fingerprint \`${alert.fingerprint}\`).`,
        });
        await addInternalNote(db, member, {
          number: created.number,
          body: `Follows ${ticketLink(member, open.number)}: alert **${alertName(alert)}** (fingerprint \`${alert.fingerprint}\`) fired there before, and its outage ended at ${ended}. This incident has its own outage window, from ${startsAt.toISOString()}.`,
        });
      }
      summary.opened.push(created.number);
      continue;
    }

    // Resolved: close the outage of the incident this alert opened (once).
    const ended = endedAt(alert) ?? new Date();
    const resolved = await withTenant(db, member.ctx, (trx) =>
      trx
        .updateTable("alert_events")
        .set({ status: "resolved", ends_at: ended, updated_at: sql`now()` })
        .where("tenant_id", "=", tenantId)
        .where("fingerprint", "=", alert.fingerprint)
        .where("starts_at", "=", startsAt)
        .where("status", "=", "firing")
        .where("ticket_id", "is not", null)
        .returning(["ticket_id"])
        .executeTakeFirst(),
    );
    if (!resolved?.ticket_id) {
      summary.unchanged++;
      continue;
    }
    const ticket = await withTenant(db, member.ctx, (trx) =>
      trx
        .selectFrom("tickets")
        .select(["number", "status", "outage_start", "outage_service_id"])
        .where("tenant_id", "=", tenantId)
        .where("id", "=", resolved.ticket_id!)
        .executeTakeFirstOrThrow(),
    );
    if (ticket.outage_start && ticket.outage_service_id) {
      const end = ended < new Date(ticket.outage_start) ? new Date(ticket.outage_start) : ended;
      await recordOutage(db, member, {
        number: ticket.number,
        outageServiceId: ticket.outage_service_id,
        outageStart: new Date(ticket.outage_start),
        outageEnd: end,
      });
    }
    if (route.auto_resolve && ["new", "in_progress", "awaiting_customer"].includes(ticket.status)) {
      await changeStatus(db, member, {
        number: ticket.number,
        status: "resolved",
        note: `Resolved automatically: the alert cleared at ${ended.toISOString()}.`,
      });
    }
    summary.resolved.push(ticket.number);
  }
  return summary;
}
