/**
 * Recomputes the SLA clocks of generated tickets with the portal's own code (computeSlaFor: the
 * timeline → the engine) and lists every stored column that disagrees. The scale generator
 * computes clocks in SQL; this is the proof that the queue, the report and "explain this SLA"
 * see the same thing.
 */
import { withTenant, type Db } from "../../app/db.server";
import { computeSlaFor, slaColumns } from "../../app/modules/tickets/sla-clock.server";
import { crossingKey } from "../../app/modules/tickets/sla-clock";

const COLUMNS = [
  "response_due_at",
  "response_state",
  "response_breached_at",
  "resolution_due_at",
  "resolution_state",
  "resolution_breached_at",
  "sla_at_risk",
  "next_sla_check_at",
] as const;

const show = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

export async function compareStoredClocks(
  db: Db,
  tenantId: string,
  now: Date,
  opts: { limit?: number } = {},
) {
  return withTenant(db, { tenantId }, async (trx) => {
    const tickets = await trx
      .selectFrom("tickets")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .orderBy("created_at")
      .$if(opts.limit !== undefined, (q) => q.limit(opts.limit!))
      .execute();
    const cache = new Map();
    const mismatches: string[] = [];
    for (const ticket of tickets) {
      const computed = await computeSlaFor(trx, ticket, now, { cache });
      const expected = slaColumns(computed);
      for (const column of COLUMNS) {
        if (show(ticket[column]) !== show(expected[column]))
          mismatches.push(
            `${ticket.number} ${column}: stored ${show(ticket[column])}, computed ${show(expected[column])}`,
          );
      }
      const crossings = await trx
        .selectFrom("sla_crossings")
        .select(["clock", "kind"])
        .where("tenant_id", "=", tenantId)
        .where("ticket_id", "=", ticket.id)
        .execute();
      const stored = crossings.map((c) => crossingKey(c.clock, c.kind)).sort();
      const wanted = computed.sla.crossings.map((c) => crossingKey(c.clock, c.kind)).sort();
      if (stored.join() !== wanted.join())
        mismatches.push(`${ticket.number} crossings: stored [${stored}], computed [${wanted}]`);
    }
    return { checked: tickets.length, mismatches };
  });
}
