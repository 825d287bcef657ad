import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, SelectField, TextField } from "~/components/forms";
import { Card, EmptyState, PageHeader } from "~/components/page";
import { withTenant } from "~/db.server";
import { requireMembership } from "~/modules/auth/require.server";
import { utcDay } from "~/modules/contracts/contract-status";
import { createContract } from "~/modules/contracts/create-contract.server";
import { CURRENCIES } from "~/modules/contracts/currencies";
import { contractChoices } from "~/modules/contracts/list-contracts.server";
import { createContractSchema } from "~/modules/contracts/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "New contract · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const choices = await withTenant(context.db, member.ctx, (trx) =>
    contractChoices(trx, member.ctx.tenantId),
  );
  return {
    customers: choices.customers.filter((c) => c.active),
    services: choices.services.filter((s) => s.status !== "retired"),
    policies: choices.policies,
    today: utcDay(new Date()),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const formData = await readFormData(request);
  try {
    const parsed = parseForm(formData, createContractSchema);
    if (!parsed.ok) return refuse(parsed.failure);
    const contract = await createContract(context.db, member, parsed.data);
    return redirect(`/t/${member.tenant.slug}/contracts?customerId=${contract.customer_id}`);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function NewContract() {
  const { customers, services, policies, today } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const v = failure?.values ?? {};
  const e = failure?.fieldErrors ?? {};
  const missing = [
    customers.length ? null : "a customer",
    services.length ? null : "a service",
    policies.length ? null : "an SLA policy",
  ].filter(Boolean);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="New contract"
        description={
          <Link to=".." relative="path">
            Back to contracts
          </Link>
        }
      />
      {missing.length ? (
        <EmptyState title="Not ready for a contract yet">
          A contract needs {missing.join(", ")} first.
        </EmptyState>
      ) : (
        <Card>
          <AppForm className="flex flex-col gap-4" noValidate>
            <FormError error={failure?.formError} />
            <div className="grid gap-4 md:grid-cols-3">
              <SelectField
                label="Customer"
                name="customerId"
                defaultValue={v.customerId}
                error={e.customerId}
              >
                {customers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="Service"
                name="serviceId"
                defaultValue={v.serviceId}
                error={e.serviceId}
              >
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="SLA policy"
                name="slaPolicyId"
                defaultValue={v.slaPolicyId}
                error={e.slaPolicyId}
              >
                {policies.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="grid gap-4 md:grid-cols-2">
              <TextField
                label="Monthly fee"
                name="monthlyFee"
                inputMode="decimal"
                required
                defaultValue={v.monthlyFee}
                error={e.monthlyFee}
                hint="For example 12000.00"
              />
              <SelectField
                label="Currency"
                name="currency"
                defaultValue={v.currency ?? "GBP"}
                error={e.currency}
              >
                {CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="grid gap-4 md:grid-cols-3">
              <TextField
                label="Start date"
                name="startsOn"
                type="date"
                required
                defaultValue={v.startsOn ?? today}
                error={e.startsOn}
              />
              <TextField
                label="End date (optional)"
                name="endsOn"
                type="date"
                defaultValue={v.endsOn}
                error={e.endsOn}
                hint="Empty: runs until ended."
              />
              <TextField
                label="Stripe customer id (optional)"
                name="stripeCustomerId"
                defaultValue={v.stripeCustomerId}
                error={e.stripeCustomerId}
                hint="cus_… from the Stripe dashboard, for service credits."
              />
            </div>
            <div>
              <Button>Create contract</Button>
            </div>
          </AppForm>
        </Card>
      )}
    </div>
  );
}
