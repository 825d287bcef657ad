import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CalendarFields } from "~/components/sla/calendar-fields";
import { AppForm, Button, failureOf, FormError } from "~/components/forms";
import { Card, PageHeader } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import { timeZoneChoices } from "~/modules/sla/calendar-rules";
import { createCalendar } from "~/modules/sla/create-calendar.server";
import { calendarSchema } from "~/modules/sla/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "New calendar · Covenant" }];

const OFFICE_HOURS = {
  mon: "09:00-17:30",
  tue: "09:00-17:30",
  wed: "09:00-17:30",
  thu: "09:00-17:30",
  fri: "09:00-17:30",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireMembership(request, context, params.tenant, "sla.manage");
  return { timeZones: timeZoneChoices() };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const formData = await readFormData(request);
  try {
    const parsed = parseForm(formData, calendarSchema);
    if (!parsed.ok) return refuse(parsed.failure);
    const calendar = await createCalendar(context.db, member, parsed.data);
    return redirect(`/t/${member.tenant.slug}/calendars/${calendar.id}`);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function NewCalendar() {
  const { timeZones } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="New business calendar"
        description={
          <Link to=".." relative="path">
            Back to calendars
          </Link>
        }
      />
      <Card>
        <AppForm className="flex flex-col gap-4" noValidate>
          <FormError error={failure?.formError} />
          <CalendarFields
            values={failure?.values ?? OFFICE_HOURS}
            errors={failure?.fieldErrors ?? {}}
            timeZones={timeZones}
          />
          <div>
            <Button>Create calendar</Button>
          </div>
        </AppForm>
      </Card>
    </div>
  );
}
