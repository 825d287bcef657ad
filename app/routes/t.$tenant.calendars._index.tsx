import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { listCalendars } from "~/modules/sla/calendars.server";
import { describeWeeklyHours } from "~/modules/sla/describe-sla";

export const meta: MetaFunction = () => [{ title: "Business calendars · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.read");
  const calendars = await withTenant(context.db, member.ctx, (trx) =>
    listCalendars(trx, member.ctx.tenantId),
  );
  return {
    canManage: can(member.role, "sla.manage"),
    calendars: calendars.map((c) => ({
      id: c.id,
      name: c.name,
      timeZone: c.time_zone,
      is24x7: c.is_24x7,
      hours: c.is_24x7 ? "Around the clock" : describeWeeklyHours(c.weekly),
      holidays: Number(c.holidays ?? 0),
    })),
  };
}

export default function Calendars() {
  const { calendars, canManage } = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Business calendars"
        description="When SLA clocks run: business hours in a time zone, minus holidays (ISO/IEC 20000-1 8.3.3)."
        actions={
          canManage ? (
            <Link
              to="new"
              className="rounded-md bg-[var(--accent)] px-3 py-2 text-sm font-medium text-white shadow-sm hover:brightness-110"
            >
              New calendar
            </Link>
          ) : null
        }
      />
      {calendars.length === 0 ? (
        <EmptyState title="No calendars yet" />
      ) : (
        <DataTable
          caption="Business calendars"
          headers={["Name", "Time zone", "Business hours", "Holidays"]}
        >
          {calendars.map((c) => (
            <tr key={c.id}>
              <Td className="font-medium">
                <Link to={c.id} className="underline">
                  {c.name}
                </Link>{" "}
                {c.is24x7 ? <Badge tone="blue">Built in</Badge> : null}
              </Td>
              <Td>{c.is24x7 ? "—" : c.timeZone}</Td>
              <Td>{c.hours}</Td>
              <Td>{c.is24x7 ? "—" : c.holidays}</Td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
