import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {
  AppForm,
  Button,
  failureOf,
  FormError,
  Notice,
  TextAreaField,
  TextField,
} from "~/components/forms";
import { Card, PageHeader } from "~/components/page";
import { PriorityMatrixEditor } from "~/components/tickets/priority-matrix-editor";
import { requireMembership } from "~/modules/auth/require.server";
import { LEVELS } from "~/modules/tickets/constants";
import { ticketSettingsSchema } from "~/modules/tickets/schemas";
import { getTicketSettings } from "~/modules/tickets/ticket-settings.server";
import { updateTicketSettings } from "~/modules/tickets/update-ticket-settings.server";
import { appErrorResponse, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Ticket settings · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tenant.configure");
  return { settings: await getTicketSettings(context.db, member) };
}

/** The form's flat `matrix.<impact>.<urgency>` selects, nested the way the schema reads them. */
function settingsInput(formData: FormData) {
  return {
    autoCloseDays: formData.get("autoCloseDays"),
    escalationEmails: formData.get("escalationEmails") ?? "",
    matrix: Object.fromEntries(
      LEVELS.map((i) => [
        i,
        Object.fromEntries(LEVELS.map((u) => [u, formData.get(`matrix.${i}.${u}`)])),
      ]),
    ),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tenant.configure");
  const formData = await readFormData(request);
  const values: Record<string, string> = {};
  for (const [k, v] of formData) if (typeof v === "string" && k !== "csrf") values[k] = v;
  const parsed = ticketSettingsSchema.safeParse(settingsInput(formData));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      // "escalationEmails.2" (one bad address) is reported on the field itself.
      const field = path[0] === "escalationEmails" ? "escalationEmails" : path.join(".");
      fieldErrors[field] ??= issue.message;
    }
    return refuse({ ok: false, fieldErrors, values });
  }
  try {
    await updateTicketSettings(context.db, member, {
      autoCloseDays: parsed.data.autoCloseDays,
      priorityMatrix: parsed.data.matrix,
      escalationEmails: parsed.data.escalationEmails,
    });
    return { ok: true as const };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function TicketSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const values = failure?.values ?? {};
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader
        title="Ticket settings"
        description="How tickets are prioritised, when resolved tickets close, and who hears about SLA warnings and breaches."
      />
      <AppForm className="flex flex-col gap-6" noValidate>
        {result && "ok" in result && result.ok ? <Notice>Ticket settings saved.</Notice> : null}
        <FormError
          error={
            failure?.formError ??
            (failure ? "Some settings need attention; see the messages below." : undefined)
          }
        />
        <Card title="Priority matrix">
          <p className="mb-4 text-sm text-slate-600">
            A new incident&apos;s priority comes from its impact and urgency (ISO/IEC 20000-1
            8.6.1). Agents can override it with a reason.
          </p>
          <PriorityMatrixEditor
            matrix={settings.priorityMatrix}
            values={values}
            errors={failure?.fieldErrors ?? {}}
          />
        </Card>
        <Card title="Closing and escalation">
          <div className="flex flex-col gap-4">
            <div className="max-w-xs">
              <TextField
                label="Close resolved tickets after (days)"
                name="autoCloseDays"
                type="number"
                inputMode="numeric"
                min={1}
                max={90}
                required
                defaultValue={values.autoCloseDays ?? String(settings.autoCloseDays)}
                error={failure?.fieldErrors.autoCloseDays}
                hint="A resolved ticket the customer neither confirms nor reopens closes by itself (1–90 days)."
              />
            </div>
            <TextAreaField
              label="Escalation contacts"
              name="escalationEmails"
              rows={3}
              defaultValue={values.escalationEmails ?? settings.escalationEmails.join(", ")}
              error={failure?.fieldErrors.escalationEmails}
              hint="Email addresses, separated by commas, that hear about every SLA warning and breach (besides the assignee). At most 20."
            />
          </div>
        </Card>
        <div>
          <Button>Save ticket settings</Button>
        </div>
      </AppForm>
    </div>
  );
}
