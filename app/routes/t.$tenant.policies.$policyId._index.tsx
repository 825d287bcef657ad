import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/format";
import { Card, DataTable, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { minorToInput } from "~/modules/contracts/currencies";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { listCalendarChoices } from "~/modules/sla/calendars.server";
import { describeDuration } from "~/modules/sla/describe-sla";
import { getPolicy } from "~/modules/sla/policies.server";
import { PRIORITIES, TICKET_STATUS_LABELS } from "~/modules/sla/statuses";
import { or404 } from "~/server/route-errors";
import { uuidParam } from "~/server/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.name ?? "SLA policy"} · Covenant` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.read");
  const policyId = uuidParam(params, "policyId", "SLA policy");
  const { policy, current, history, calendars } = await or404(
    withTenant(context.db, member.ctx, async (trx) => ({
      ...(await getPolicy(trx, member.ctx.tenantId, policyId)),
      calendars: await listCalendarChoices(trx, member.ctx.tenantId),
    })),
  );
  const calendar = calendars.find((c) => c.id === current.calendarId);
  const business = !calendar?.is24x7;
  const dayMinutes = calendar?.dayMinutes ?? null;
  return {
    canManage: can(member.role, "sla.manage"),
    name: policy.name,
    version: current.version,
    calendarName: current.calendarName,
    calendarId: current.calendarId,
    targets: PRIORITIES.map((p) => ({
      priority: p,
      response: describeDuration(current.targets[p].responseMinutes, dayMinutes, business),
      resolution: describeDuration(current.targets[p].resolutionMinutes, dayMinutes, business),
      credit: minorToInput(current.breachCredits[p]),
    })),
    pauseStatuses: current.pauseStatuses.map((s) => TICKET_STATUS_LABELS[s]),
    warningPercent: current.warningPercent,
    availabilityTarget: current.availabilityTarget,
    creditTiers: current.creditTiers,
    creditCapPercent: current.creditCapPercent,
    history: history.map((h) => ({ ...h, createdAt: h.createdAt.toISOString() })),
  };
}

export default function PolicyPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={data.name}
        description={
          <>
            Version {data.version}, on the{" "}
            <Link to={`../../calendars/${data.calendarId}`} relative="path" className="underline">
              {data.calendarName}
            </Link>{" "}
            calendar.{" "}
            <Link to=".." relative="path">
              All SLA policies
            </Link>
          </>
        }
        actions={
          data.canManage ? (
            <Link
              to="edit"
              className="rounded-md bg-[var(--accent)] px-3 py-2 text-sm font-medium text-white shadow-sm hover:brightness-110"
            >
              Edit (new version)
            </Link>
          ) : null
        }
      />
      <DataTable
        caption={`Targets of ${data.name}, version ${data.version}`}
        headers={["Priority", "First response", "Resolution", "Credit per breach"]}
      >
        {data.targets.map((t) => (
          <tr key={t.priority}>
            <Td className="font-medium">{t.priority}</Td>
            <Td>{t.response}</Td>
            <Td>{t.resolution}</Td>
            <Td>{t.credit}</Td>
          </tr>
        ))}
      </DataTable>
      <Card title="Availability and credits">
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="font-medium">Monthly availability target</dt>
            <dd>{data.availabilityTarget}%</dd>
          </div>
          <div>
            <dt className="font-medium">Credit cap</dt>
            <dd>{data.creditCapPercent}% of the monthly fee</dd>
          </div>
          <div>
            <dt className="font-medium">Service-credit tiers</dt>
            <dd>
              {data.creditTiers.length ? (
                <ul>
                  {data.creditTiers.map((t) => (
                    <li key={t.below}>
                      below {t.below}% → {t.percent}% of the monthly fee
                    </li>
                  ))}
                </ul>
              ) : (
                "none"
              )}
            </dd>
          </div>
          <div>
            <dt className="font-medium">Clocks pause while</dt>
            <dd>{data.pauseStatuses.length ? data.pauseStatuses.join(", ") : "never"}</dd>
          </div>
          <div>
            <dt className="font-medium">Warning threshold</dt>
            <dd>{data.warningPercent}% of a target elapsed</dd>
          </div>
        </dl>
      </Card>
      <Card title="Version history">
        <ol className="flex flex-col gap-4">
          {data.history.map((h) => (
            <li key={h.id} className="border-l-2 border-slate-200 pl-3">
              <p className="text-sm font-medium">
                Version {h.version} · {formatDateTime(h.createdAt)} · by {h.author}
              </p>
              {h.changeNote ? (
                <p className="text-sm italic text-slate-700">“{h.changeNote}”</p>
              ) : null}
              <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">
                {h.changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
