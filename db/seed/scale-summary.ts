/**
 * What the scale generator wrote: rows per table (scale tenants only), tickets per tenant, the
 * largest tenant's last full month (the month the report benchmark reads) and the outcome mix.
 */
import { sql } from "kysely";
import type { Conn } from "./scale-organisation";
import type { ScalePlan } from "./scale-plan";

export type ScaleSummary = {
  rows: Record<string, number>;
  ticketsPerTenant: { max: number; median: number; min: number };
  largest: { slug: string; tickets: number; month: string; monthTickets: number };
  outcomes: { open: number; breached: number; atRisk: number; rated: number };
};

const TABLES = [
  "customers",
  "memberships",
  "agent_groups",
  "services",
  "request_types",
  "calendars",
  "calendar_holidays",
  "sla_policies",
  "sla_policy_versions",
  "contracts",
  "tickets",
  "ticket_events",
  "sla_crossings",
] as const;

export async function collectSummary(conn: Conn, plan: ScalePlan): Promise<ScaleSummary> {
  const rows: Record<string, number> = { tenants: plan.tenants.length };
  for (const table of TABLES) {
    const { rows: r } = await sql<{ n: string }>`
      select count(*) as n from ${sql.table(table)}
      where tenant_id in (select tenant_id from scale_tenants)`.execute(conn);
    rows[table] = Number(r[0]!.n);
  }
  const { rows: perTenant } = await sql<{ slug: string; tickets: string }>`
    select s.slug, sum(c.value) as tickets from counters c join scale_tenants s using (tenant_id)
    where c.name in ('INC', 'REQ') group by s.slug order by tickets desc, s.slug`.execute(conn);
  const counts = perTenant.map((r) => Number(r.tickets));
  const month = plan.slices[Math.max(0, plan.slices.length - 2)]!;
  const from = new Date(plan.base.getTime() + month.startMs);
  const to = new Date(from.getTime() + month.lenMs);
  const { rows: largest } = await sql<{ n: string }>`
    select count(*) as n from tickets
    where tenant_id = (select tenant_id from scale_tenants where ord = 1)
      and created_at >= ${from} and created_at < ${to}`.execute(conn);
  const { rows: mix } = await sql<{
    open: string;
    breached: string;
    at_risk: string;
    rated: string;
  }>`
    select count(*) filter (where status in ('new', 'in_progress', 'awaiting_customer')) as open,
      count(*) filter (where response_state = 'breached' or resolution_state = 'breached') as breached,
      count(*) filter (where sla_at_risk) as at_risk,
      count(*) filter (where rating is not null) as rated
    from tickets where tenant_id in (select tenant_id from scale_tenants)`.execute(conn);
  return {
    rows,
    ticketsPerTenant: {
      max: counts[0] ?? 0,
      median: counts[Math.floor((counts.length - 1) / 2)] ?? 0,
      min: counts[counts.length - 1] ?? 0,
    },
    largest: {
      slug: perTenant[0]?.slug ?? "",
      tickets: counts[0] ?? 0,
      month: month.label,
      monthTickets: Number(largest[0]!.n),
    },
    outcomes: {
      open: Number(mix[0]!.open),
      breached: Number(mix[0]!.breached),
      atRisk: Number(mix[0]!.at_risk),
      rated: Number(mix[0]!.rated),
    },
  };
}
