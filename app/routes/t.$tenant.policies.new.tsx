import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError } from "~/components/forms";
import { Card, PageHeader } from "~/components/page";
import { PolicyFields } from "~/components/sla/policy-fields";
import { withTenant } from "~/db.server";
import { requireMembership } from "~/modules/auth/require.server";
import { listCalendarChoices } from "~/modules/sla/calendars.server";
import { createPolicy } from "~/modules/sla/create-policy.server";
import { newPolicyFormValues } from "~/modules/sla/policy-form";
import { policySchema } from "~/modules/sla/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "New SLA policy · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const calendars = await withTenant(context.db, member.ctx, (trx) =>
    listCalendarChoices(trx, member.ctx.tenantId),
  );
  return { calendars, values: newPolicyFormValues(calendars[0]?.id ?? "") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
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
    const policy = await createPolicy(context.db, member, parsed.data);
    return redirect(`/t/${member.tenant.slug}/policies/${policy.id}`);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function NewPolicy() {
  const { calendars, values } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="New SLA policy"
        description={
          <Link to=".." relative="path">
            Back to SLA policies
          </Link>
        }
      />
      <Card>
        <AppForm className="flex flex-col gap-6" noValidate>
          <FormError error={failure?.formError} />
          <PolicyFields
            values={failure?.values ?? values}
            errors={failure?.fieldErrors ?? {}}
            calendars={calendars}
            isEdit={false}
          />
          <div>
            <Button>Create policy</Button>
          </div>
        </AppForm>
      </Card>
    </div>
  );
}
