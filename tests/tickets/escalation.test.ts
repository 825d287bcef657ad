import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { assignTicket } from "../../app/modules/tickets/assign-ticket.server";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { getTicket } from "../../app/modules/tickets/get-ticket.server";
import { DEFAULT_PRIORITY_MATRIX } from "../../app/modules/tickets/priority-matrix";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";
import { updateTicketSettings } from "../../app/modules/tickets/update-ticket-settings.server";
import {
  autoCloseResolved,
  checkTicketSla,
  processDueSlaChecks,
} from "../../app/modules/worker/system.server";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";
import { memberFor } from "../support/tickets";

const at = (day: number, hm: string) =>
  new Date(`2026-11-${String(day).padStart(2, "0")}T${hm}:00Z`);

let db: Db;
let t: TestTenant;
let customer: TicketMember;
let agent: TicketMember;
let admin: TicketMember;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  customer = memberFor(t, t.people.customer);
  agent = memberFor(t, t.people.agent, "Avery Agent");
  admin = memberFor(t, t.people.admin);
  await updateTicketSettings(db, admin, {
    autoCloseDays: 5,
    priorityMatrix: DEFAULT_PRIORITY_MATRIX,
    escalationEmails: ["oncall@escalation.test"],
  });
});

async function crossingsOf(ticketId: string, tenantId = t.id) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("sla_crossings")
      .select(["clock", "kind", "cycle", "crossed_at"])
      .where("tenant_id", "=", tenantId)
      .where("ticket_id", "=", ticketId)
      .orderBy("crossed_at")
      .execute(),
  );
}

async function mailAbout(ticketId: string, subjectPart: string) {
  const rows = await withSystem(db, (trx) =>
    trx
      .selectFrom("email_outbox")
      .select(["to_address", "subject", "text_body"])
      .where("tenant_id", "=", t.id)
      .where("ticket_id", "=", ticketId)
      .execute(),
  );
  return rows.filter((r) => r.subject.includes(subjectPart));
}

async function eventsOf(ticketId: string, kind: "sla_warning" | "sla_breached", tenantId = t.id) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("ticket_events")
      .select(["visibility", "body"])
      .where("tenant_id", "=", tenantId)
      .where("ticket_id", "=", ticketId)
      .where("kind", "=", kind)
      .execute(),
  );
}

describe("SLA escalation by the worker", () => {
  it("acts once per crossing: a warning, then a breach, however often and however concurrently it runs", async () => {
    const { id, number } = await createIncident(
      db,
      customer,
      {
        serviceId: t.serviceId,
        impact: "medium",
        urgency: "medium",
        subject: "Slow widgets",
        description: "",
      },
      { now: at(2, "09:00") },
    );
    await assignTicket(
      db,
      agent,
      { number, assigneeMembershipId: t.people.agent.membershipId, groupId: null },
      { now: at(2, "09:05") },
    );

    // Before the warning instant (12:12, 80 % of 240 business minutes) nothing is due.
    expect(await processDueSlaChecks(db, at(2, "12:00"), { tenantId: t.id })).toEqual({
      checked: 0,
      crossings: 0,
    });

    expect(await processDueSlaChecks(db, at(2, "12:13"), { tenantId: t.id })).toEqual({
      checked: 1,
      crossings: 1,
    });
    expect(await processDueSlaChecks(db, at(2, "12:14"), { tenantId: t.id })).toEqual({
      checked: 0,
      crossings: 0,
    });
    expect(await checkTicketSla(db, t.id, id, at(2, "12:15"))).toEqual([]);
    expect(await crossingsOf(id)).toEqual([
      { clock: "response", kind: "warning", cycle: 1, crossed_at: at(2, "12:12") },
    ]);
    const warnings = await mailAbout(id, "SLA warning");
    expect(warnings.map((m) => m.to_address).sort()).toEqual(
      [t.people.agent.email, "oncall@escalation.test"].sort(),
    );
    expect(warnings[0]!.text_body).toContain(`/t/${t.slug}/tickets/${number}`);
    expect(await eventsOf(id, "sla_warning")).toEqual([
      expect.objectContaining({ visibility: "internal" }),
    ]);
    let ticket = await getTicket(db, agent, number);
    expect(ticket.slaAtRisk).toBe(true);

    // The breach at 13:00: three workers at once (SKIP LOCKED, then the unique crossing) act once.
    const results = await Promise.all([
      processDueSlaChecks(db, at(2, "13:01"), { tenantId: t.id }),
      processDueSlaChecks(db, at(2, "13:01"), { tenantId: t.id }),
      checkTicketSla(db, t.id, id, at(2, "13:02")).then((acted) => ({
        checked: 1,
        crossings: acted.length,
      })),
    ]);
    expect(results.reduce((n, r) => n + r.crossings, 0)).toBe(1);
    expect((await crossingsOf(id)).map((c) => c.kind)).toEqual(["warning", "breach"]);
    expect((await mailAbout(id, "SLA breached")).length).toBe(2);
    expect(await eventsOf(id, "sla_breached")).toHaveLength(1);
    ticket = await getTicket(db, agent, number);
    expect(ticket).toMatchObject({ responseState: "breached", breached: true, slaAtRisk: false });

    // A restarted worker, long after, finds nothing new to say about the response clock.
    await processDueSlaChecks(db, at(2, "17:00"), { tenantId: t.id });
    expect((await crossingsOf(id)).filter((c) => c.kind === "breach")).toHaveLength(1);
    expect((await mailAbout(id, "SLA breached")).length).toBe(2);
  });

  it("checks a batch several tickets at a time, acting once on each ticket's crossing", async () => {
    // A tenant of its own, so the other tests' tickets are not due in the same pass.
    const own = await createTestTenant(db);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const ticket = await createIncident(
        db,
        memberFor(own, own.people.customer),
        {
          serviceId: own.serviceId,
          impact: "medium",
          urgency: "medium",
          subject: `Batch ${i}`,
          description: "",
        },
        { now: at(16, "09:00") },
      );
      ids.push(ticket.id);
    }
    // 12:12 is every ticket's warning instant (80 % of 240 business minutes from 09:00).
    const [pass, rival] = await Promise.all([
      processDueSlaChecks(db, at(16, "12:13"), { tenantId: own.id, concurrency: 4 }),
      processDueSlaChecks(db, at(16, "12:13"), { tenantId: own.id, concurrency: 3 }),
    ]);
    expect(pass!.crossings + rival!.crossings).toBe(7);
    for (const id of ids) {
      expect(await crossingsOf(id, own.id)).toEqual([
        { clock: "response", kind: "warning", cycle: 1, crossed_at: at(16, "12:12") },
      ]);
      expect(await eventsOf(id, "sla_warning", own.id)).toHaveLength(1);
    }
  });

  it("lets the customer's tickets wait while awaiting them, and warns about nothing paused", async () => {
    const { id, number } = await createIncident(
      db,
      customer,
      {
        serviceId: t.serviceId,
        impact: "low",
        urgency: "low",
        subject: "Question",
        description: "",
      },
      { now: at(9, "09:00") },
    );
    await changeStatus(db, agent, { number, status: "awaiting_customer" }, { now: at(9, "09:10") });
    const stored = await withSystem(db, (trx) =>
      trx
        .selectFrom("tickets")
        .select(["next_sla_check_at", "response_state"])
        .where("tenant_id", "=", t.id)
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored).toEqual({ next_sla_check_at: null, response_state: "paused" });
    await processDueSlaChecks(db, at(20, "09:00"), { tenantId: t.id });
    expect(await crossingsOf(id)).toEqual([]);
  });
});

describe("auto-close", () => {
  it("closes a resolved ticket after the tenant's auto-close days, and not before", async () => {
    const { id, number } = await createIncident(
      db,
      customer,
      {
        serviceId: t.serviceId,
        impact: "low",
        urgency: "low",
        subject: "Fixed already",
        description: "",
      },
      { now: at(2, "09:00") },
    );
    await changeStatus(db, agent, { number, status: "resolved" }, { now: at(2, "10:00") });
    expect(await autoCloseResolved(db, at(7, "09:59"), { tenantId: t.id })).toEqual({ closed: 0 });
    expect(await autoCloseResolved(db, at(7, "10:00"), { tenantId: t.id })).toEqual({ closed: 1 });
    expect(await autoCloseResolved(db, at(8, "10:00"), { tenantId: t.id })).toEqual({ closed: 0 });
    const ticket = await getTicket(db, customer, number);
    expect(ticket.status).toBe("closed");
    expect(ticket.closedAt).toBe(at(7, "10:00").toISOString());
    const last = ticket.events.at(-1)!;
    expect(last).toMatchObject({
      kind: "status_changed",
      actorLabel: "Covenant",
      data: {
        from: "resolved",
        to: "closed",
        reason: "closed automatically 5 days after resolution",
      },
    });
    expect(id).toBe(ticket.id);
  });
});
