import type { Db } from "../../app/db.server";
import { addReply } from "../../app/modules/tickets/add-reply.server";
import { changeStatus } from "../../app/modules/tickets/change-status.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { rateResolution } from "../../app/modules/tickets/rate-resolution.server";
import { recordOutage } from "../../app/modules/tickets/record-outage.server";
import { setMajorIncident } from "../../app/modules/tickets/set-major-incident.server";
import type { TestTenant } from "../support/factories";
import { memberFor } from "../support/tickets";

const at = (iso: string) => ({ now: new Date(iso) });

/**
 * March 2026 on the factory's office-hours calendar (Europe/London, Mon–Fri 09:00–17:30; British
 * Summer Time starts on 29 March), through the real ticket modules so every stored SLA state is
 * the portal's own. Edge cases: a ticket raised in February and resolved in March, clocks paused
 * while awaiting the customer, a ticket resolved without a reply then reopened and finally resolved
 * in April, a ticket still open at the end of the month, an outage, another customer's ticket.
 */
export async function marchScenario(db: Db, t: TestTenant) {
  const customer = memberFor(t, t.people.customer);
  const other = memberFor(t, t.people.otherCustomer);
  const agent = memberFor(t, t.people.agent);
  const raise = (
    who: typeof customer,
    subject: string,
    impact: "high" | "medium" | "low",
    urgency: "high" | "medium" | "low",
    when: string,
  ) =>
    createIncident(
      db,
      who,
      { serviceId: t.serviceId, impact, urgency, subject, description: "" },
      at(when),
    );
  const reply = (number: string, when: string) =>
    addReply(db, agent, { number, body: "Looking into it." }, at(when));
  const status = (
    who: typeof customer,
    number: string,
    to: "in_progress" | "awaiting_customer" | "resolved" | "closed",
    when: string,
  ) => changeStatus(db, who, { number, status: to }, at(when));

  // Raised in February, answered in February, resolved and rated in March.
  const a = await raise(customer, "Spans two months", "medium", "medium", "2026-02-25T10:00:00Z");
  await reply(a.number, "2026-02-25T10:20:00Z");
  await status(agent, a.number, "resolved", "2026-03-03T11:00:00Z");
  await rateResolution(
    db,
    customer,
    { number: a.number, rating: 5, comment: "Quick and clear" },
    at("2026-03-04T09:00:00Z"),
  );

  // Paused two days awaiting the customer, then resolved and confirmed.
  const b = await raise(customer, "Paused clock", "medium", "medium", "2026-03-10T09:30:00Z");
  await reply(b.number, "2026-03-10T09:45:00Z");
  await status(agent, b.number, "awaiting_customer", "2026-03-10T10:00:00Z");
  await status(agent, b.number, "in_progress", "2026-03-12T10:00:00Z");
  await status(agent, b.number, "resolved", "2026-03-12T15:00:00Z");
  await status(customer, b.number, "closed", "2026-03-13T09:00:00Z");

  // P1 resolved without a reply, reopened by the customer, finally resolved in April.
  const c = await raise(customer, "Reopened", "high", "high", "2026-03-16T14:00:00Z");
  await status(agent, c.number, "resolved", "2026-03-17T10:00:00Z");
  await status(customer, c.number, "in_progress", "2026-03-17T12:00:00Z");
  await reply(c.number, "2026-03-18T09:00:00Z");
  await status(agent, c.number, "resolved", "2026-04-02T10:00:00Z");

  // Raised after the clocks went forward, still open when March ends.
  const d = await raise(customer, "Open at month end", "low", "low", "2026-03-30T16:00:00Z");
  await reply(d.number, "2026-04-01T08:00:00Z");

  // Another customer's ticket, resolved and rated badly the same day.
  const e = await raise(other, "Other customer", "medium", "high", "2026-03-05T11:00:00Z");
  await reply(e.number, "2026-03-05T11:10:00Z");
  await status(agent, e.number, "resolved", "2026-03-05T12:00:00Z");
  await rateResolution(
    db,
    other,
    { number: e.number, rating: 2, comment: null },
    at("2026-03-06T09:00:00Z"),
  );

  // A major incident with a 2 h 30 min outage of the service.
  const f = await raise(customer, "Widgets down", "high", "medium", "2026-03-20T10:00:00Z");
  await reply(f.number, "2026-03-20T10:05:00Z");
  await setMajorIncident(
    db,
    agent,
    { number: f.number, majorIncident: true },
    at("2026-03-20T10:06:00Z"),
  );
  await recordOutage(
    db,
    agent,
    {
      number: f.number,
      outageServiceId: t.serviceId,
      outageStart: "2026-03-20T10:00:00Z",
      outageEnd: "2026-03-20T12:30:00Z",
    },
    at("2026-03-20T12:40:00Z"),
  );
  await status(agent, f.number, "resolved", "2026-03-20T12:45:00Z");

  return { a, b, c, d, e, f };
}
