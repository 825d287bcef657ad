import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError } from "~/components/forms";
import { Card, PageHeader } from "~/components/page";
import { PolicyFields } from "~/components/sla/policy-fields";
import { withTenant } from "~/db.server";
import { requireMembership } from "~/modules/auth/require.server";
import { listCalendarChoices } from "~/modules/sla/calendars.server";
import { getPolicy } from "~/modules/sla/policies.server";
import { policyFormValues } from "~/modules/sla/policy-form";
import { revisePolicy } from "~/modules/sla/revise-policy.server";
import { policySchema } from "~/modules/sla/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";
import { or404 } from "~/server/route-errors";
import { uuidParam } from "~/server/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.name ?? "SLA policy"} · Covenant` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const policyId = uuidParam(params, "policyId", "SLA policy");
  const { policy, current, calendars } = await or404(
    withTenant(context.db, member.ctx, async (trx) => ({
      ...(await getPolicy(trx, member.ctx.tenantId, policyId)),
      calendars: await listCalendarChoices(trx, member.ctx.tenantId),
    })),
  );
  const dayMinutes = calendars.find((c) => c.id === current.calendarId)?.dayMinutes ?? null;
  return {
    name: policy.name,
    version: current.version,
    calendars,
    values: policyFormValues(policy.name, current, dayMinutes),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const policyId = uuidParam(params, "policyId", "SLA policy");
  const formData = await readFormData(request);
  try {
    const calendars = await withTenant(context.db, member.ctx, (trx) =>
      listCalendarChoices(trx, member.ctx.tenantId),
    );
    const parsed = parseForm(formData, policySchema(calendars));
    if (!parsed.ok) {
      return refuse({
        ...parsed.failure,
        values: {
          ...parsed.failure.values,
          pauseStatuses: formData.getAll("pauseStatuses").join(","),
        },
      });
    }
    await revisePolicy(context.db, member, policyId, parsed.data);
    return redirect(`/t/${member.tenant.slug}/policies/${policyId}`);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function EditPolicy() {
  const { name, version, calendars, values } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Edit ${name}`}
        description={
          <>
            Saving creates version {version + 1}; version {version} stays as it is for the tickets
            that started under it.{" "}
            <Link to=".." relative="path">
              Cancel
            </Link>
          </>
        }
      />
      <Card>
        <AppForm className="flex flex-col gap-6" noValidate>
          <FormError error={failure?.formError} />
          <PolicyFields
            values={failure?.values ?? values}
            errors={failure?.fieldErrors ?? {}}
            calendars={calendars}
            isEdit
          />
          <div>
            <Button>Save as version {version + 1}</Button>
          </div>
        </AppForm>
      </Card>
    </div>
  );
}
