import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  AppForm,
  Button,
  failureOf,
  FieldError,
  FormError,
  Notice,
  TextField,
} from "~/components/forms";
import { Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { AppError } from "~/modules/errors";
import { getCalendar, listHolidays } from "~/modules/sla/calendars.server";
import { addHoliday, importHolidays, removeHoliday } from "~/modules/sla/holidays.server";
import { holidayIdSchema, holidaySchema } from "~/modules/sla/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";
import { or404 } from "~/server/route-errors";
import { uuidParam } from "~/server/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Holidays · ${data?.calendar.name ?? "Calendar"} · Covenant` },
];

const WEEKDAY = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.read");
  const calendarId = uuidParam(params, "calendarId", "calendar");
  const { calendar, holidays } = await or404(
    withTenant(context.db, member.ctx, async (trx) => ({
      calendar: await getCalendar(trx, member.ctx.tenantId, calendarId),
      holidays: await listHolidays(trx, member.ctx.tenantId, calendarId),
    })),
  );
  return {
    canManage: can(member.role, "sla.manage") && !calendar.is_24x7,
    calendar: {
      id: calendar.id,
      name: calendar.name,
      is24x7: calendar.is_24x7,
      timeZone: calendar.time_zone,
    },
    holidays: holidays.map((h) => ({
      ...h,
      weekday: WEEKDAY[new Date(`${h.date}T00:00:00Z`).getUTCDay()]!,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const calendarId = uuidParam(params, "calendarId", "calendar");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "add") {
      const parsed = parseForm(formData, holidaySchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const holiday = await addHoliday(context.db, member, calendarId, parsed.data);
      return { ok: true as const, notice: `${holiday.name} (${holiday.date}) added.` };
    }
    if (intent === "remove") {
      const parsed = parseForm(formData, holidayIdSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const removed = await removeHoliday(context.db, member, calendarId, parsed.data.holidayId);
      return { ok: true as const, notice: `${removed.name} (${removed.date}) removed.` };
    }
    if (intent === "import") {
      const file = formData.get("file");
      if (typeof file === "string" || !file || file.size === 0) {
        throw new AppError("validation", "Choose an iCalendar (.ics) file to import", {
          field: "file",
        });
      }
      const result = await importHolidays(context.db, member, calendarId, await file.text());
      const parts = [`${result.added} holiday${result.added === 1 ? "" : "s"} imported`];
      if (result.alreadyThere) parts.push(`${result.alreadyThere} already in the calendar`);
      if (result.skippedTimed)
        parts.push(
          `${result.skippedTimed} timed event${result.skippedTimed === 1 ? "" : "s"} skipped (only all-day events are holidays)`,
        );
      return { ok: true as const, notice: `${parts.join("; ")}.` };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Holidays() {
  const { calendar, holidays, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const notice = result && "notice" in result ? result.notice : null;
  const intent = failure?.values?.intent;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Holidays · ${calendar.name}`}
        description={
          <>
            Dates in {calendar.is24x7 ? "UTC" : calendar.timeZone} on which no business hours start.{" "}
            <Link to=".." relative="path">
              Back to the calendar
            </Link>
          </>
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      {intent === "remove" ? (
        <FormError error={failure?.formError ?? Object.values(failure?.fieldErrors ?? {})[0]} />
      ) : null}
      {calendar.is24x7 ? <Notice>The built-in 24x7 calendar has no holidays.</Notice> : null}
      {canManage ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Add a holiday">
            <AppForm className="flex flex-col gap-3" noValidate>
              <input type="hidden" name="intent" value="add" />
              <FormError error={intent === "add" ? failure?.formError : undefined} />
              <TextField
                label="Date"
                name="date"
                type="date"
                required
                defaultValue={intent === "add" ? failure?.values?.date : undefined}
                error={intent === "add" ? failure?.fieldErrors.date : undefined}
              />
              <TextField
                label="Holiday name"
                name="name"
                required
                maxLength={120}
                defaultValue={intent === "add" ? failure?.values?.name : undefined}
                error={intent === "add" ? failure?.fieldErrors.name : undefined}
              />
              <div>
                <Button>Add holiday</Button>
              </div>
            </AppForm>
          </Card>
          <Card title="Import from an iCalendar file">
            <AppForm className="flex flex-col gap-3" encType="multipart/form-data" noValidate>
              <input type="hidden" name="intent" value="import" />
              <div>
                <label htmlFor="ics-file" className="block text-sm font-medium text-slate-800">
                  iCalendar file (.ics)
                </label>
                <input
                  id="ics-file"
                  name="file"
                  type="file"
                  accept=".ics,text/calendar"
                  className="mt-1 block w-full text-sm"
                  aria-describedby="ics-file-hint"
                  aria-invalid={intent === "import" && failure ? true : undefined}
                />
                <p id="ics-file-hint" className="mt-1 text-xs text-slate-500">
                  For example a government bank-holiday feed. Every all-day event becomes a holiday;
                  dates already in the calendar are kept.
                </p>
                <FieldError
                  id="ics-file-error"
                  error={
                    intent === "import"
                      ? (failure?.fieldErrors.file ?? failure?.formError)
                      : undefined
                  }
                />
              </div>
              <div>
                <Button>Import holidays</Button>
              </div>
            </AppForm>
          </Card>
        </div>
      ) : null}
      {holidays.length === 0 ? (
        <EmptyState title="No holidays yet">
          {canManage ? "Add a date above, or import a bank-holiday file." : null}
        </EmptyState>
      ) : (
        <DataTable
          caption={`Holidays of ${calendar.name}`}
          headers={canManage ? ["Date", "Day", "Name", "Remove"] : ["Date", "Day", "Name"]}
        >
          {holidays.map((h) => (
            <tr key={h.id}>
              <Td className="whitespace-nowrap font-medium">{h.date}</Td>
              <Td>{h.weekday}</Td>
              <Td>{h.name}</Td>
              {canManage ? (
                <Td>
                  <AppForm>
                    <input type="hidden" name="holidayId" value={h.id} />
                    <Button
                      name="intent"
                      value="remove"
                      variant="danger"
                      aria-label={`Remove ${h.name} on ${h.date}`}
                    >
                      Remove
                    </Button>
                  </AppForm>
                </Td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
