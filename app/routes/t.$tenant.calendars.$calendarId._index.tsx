import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { calendarFormValues, CalendarFields } from "~/components/sla/calendar-fields";
import { AppForm, Button, failureOf, FormError, Notice } from "~/components/forms";
import { Badge, Card, PageHeader } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { timeZoneChoices, toEngineCalendar } from "~/modules/sla/calendar-rules";
import { getCalendar, listHolidays } from "~/modules/sla/calendars.server";
import { describeCalendar } from "~/modules/sla/describe-sla";
import { describeBusinessWindow, nextBusinessWindows } from "~/modules/sla/preview";
import { calendarSchema } from "~/modules/sla/schemas";
import { updateCalendar } from "~/modules/sla/update-calendar.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";
import { or404 } from "~/server/route-errors";
import { uuidParam } from "~/server/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.calendar.name ?? "Calendar"} · Covenant` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.read");
  const calendarId = uuidParam(params, "calendarId", "calendar");
  const { calendar, holidays } = await or404(
    withTenant(context.db, member.ctx, async (trx) => ({
      calendar: await getCalendar(trx, member.ctx.tenantId, calendarId),
      holidays: await listHolidays(trx, member.ctx.tenantId, calendarId),
    })),
  );
  const engine = toEngineCalendar(
    calendar,
    holidays.map((h) => h.date),
  );
  const zone = calendar.is_24x7 ? "UTC" : calendar.time_zone;
  const today = new Date().toISOString().slice(0, 10);
  return {
    canManage: can(member.role, "sla.manage") && !calendar.is_24x7,
    calendar: {
      id: calendar.id,
      name: calendar.name,
      is24x7: calendar.is_24x7,
      timeZone: calendar.time_zone,
    },
    values: calendarFormValues(calendar),
    summary: describeCalendar({
      is24x7: calendar.is_24x7,
      timeZone: calendar.time_zone,
      weekly: calendar.weekly,
      holidayCount: holidays.length,
    }),
    upcomingHolidays: holidays.filter((h) => h.date >= today).length,
    preview: nextBusinessWindows(engine, new Date(), 5).map((w) => describeBusinessWindow(zone, w)),
    timeZones: calendar.is_24x7 ? [] : timeZoneChoices(),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const calendarId = uuidParam(params, "calendarId", "calendar");
  const formData = await readFormData(request);
  try {
    const parsed = parseForm(formData, calendarSchema);
    if (!parsed.ok) return refuse(parsed.failure);
    await updateCalendar(context.db, member, calendarId, parsed.data);
    return { ok: true as const };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function CalendarPage() {
  const { calendar, values, summary, preview, upcomingHolidays, canManage, timeZones } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={calendar.name}
        description={
          <>
            {summary}.{" "}
            <Link to=".." relative="path">
              All calendars
            </Link>
          </>
        }
        actions={calendar.is24x7 ? <Badge tone="blue">Built in</Badge> : null}
      />
      <Card title="Next business hours">
        <p className="mb-2 text-sm text-slate-600">
          The next five stretches of business time from now, as local times
          {calendar.is24x7 ? "" : ` in ${calendar.timeZone}`}.
        </p>
        {preview.length ? (
          <ol className="list-decimal pl-6 text-sm">
            {preview.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ol>
        ) : (
          <p className="text-sm">
            No business time in the coming years: check the windows and holidays.
          </p>
        )}
      </Card>
      {calendar.is24x7 ? (
        <Card>
          <p className="text-sm">
            The built-in 24x7 calendar counts every minute of every day; it has no holidays and
            cannot be changed.
          </p>
        </Card>
      ) : (
        <Card title="Holidays">
          <p className="text-sm">
            {upcomingHolidays} upcoming holiday{upcomingHolidays === 1 ? "" : "s"}.{" "}
            <Link to="holidays" className="underline">
              {canManage ? "Add, import or remove holidays" : "See the holidays"}
            </Link>
          </p>
        </Card>
      )}
      {canManage ? (
        <Card title="Edit calendar">
          {result && "ok" in result && result.ok ? (
            <div className="mb-4">
              <Notice>Calendar saved. Running SLA clocks use the new hours from now on.</Notice>
            </div>
          ) : null}
          <AppForm className="flex flex-col gap-4" noValidate>
            <FormError error={failure?.formError} />
            <CalendarFields
              values={failure?.values ?? values}
              errors={failure?.fieldErrors ?? {}}
              timeZones={timeZones}
            />
            <div>
              <Button>Save calendar</Button>
            </div>
          </AppForm>
        </Card>
      ) : null}
    </div>
  );
}
