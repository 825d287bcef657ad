import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  AppForm,
  Button,
  failureOf,
  FormError,
  Notice,
  SelectField,
  TextField,
} from "~/components/forms";
import { Badge, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import {
  CONTRACT_STATUS_LABELS,
  utcDay,
  type ContractStatus,
} from "~/modules/contracts/contract-status";
import { formatMoney } from "~/modules/contracts/currencies";
import { endContract } from "~/modules/contracts/end-contract.server";
import { contractChoices, listContracts } from "~/modules/contracts/list-contracts.server";
import { contractFilterSchema, endContractSchema } from "~/modules/contracts/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Contracts · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.read");
  const filter = contractFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = utcDay(new Date());
  const data = await withTenant(context.db, member.ctx, async (trx) => ({
    contracts: await listContracts(trx, member.ctx.tenantId, filter, today),
    choices: await contractChoices(trx, member.ctx.tenantId),
  }));
  return {
    canManage: can(member.role, "sla.manage"),
    today,
    filter,
    customers: data.choices.customers.map((c) => ({ id: c.id, name: c.name })),
    services: data.choices.services.map((s) => ({ id: s.id, name: s.name })),
    contracts: data.contracts.map((c) => ({
      id: c.id,
      customer: c.customer_name,
      service: c.service_name,
      policy: c.policy_name,
      fee: formatMoney(c.monthly_fee, c.currency),
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      stripeCustomerId: c.stripe_customer_id,
      status: c.status,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const formData = await readFormData(request);
  try {
    if (formData.get("intent") === "end") {
      const parsed = parseForm(formData, endContractSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const contract = await endContract(context.db, member, parsed.data);
      return { ok: true as const, notice: `Contract ends on ${contract.ends_on}.` };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

const TONE: Record<ContractStatus, "green" | "slate" | "blue"> = {
  live: "green",
  ended: "slate",
  scheduled: "blue",
};

export default function Contracts() {
  const { contracts, customers, services, filter, canManage, today } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const notice = result && "notice" in result ? result.notice : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Contracts"
        description="Which customer gets which service, at what fee, under which SLA policy. Dates are whole days (UTC), both inclusive."
        actions={
          canManage ? (
            <Link
              to="new"
              className="rounded-md bg-[var(--accent)] px-3 py-2 text-sm font-medium text-white shadow-sm hover:brightness-110"
            >
              New contract
            </Link>
          ) : null
        }
      />
      <Form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <SelectField label="Customer" name="customerId" defaultValue={filter.customerId ?? ""}>
          <option value="">All customers</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Service" name="serviceId" defaultValue={filter.serviceId ?? ""}>
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" name="status" defaultValue={filter.status ?? ""}>
          <option value="">Any status</option>
          <option value="live">Live</option>
          <option value="scheduled">Starts later</option>
          <option value="ended">Ended</option>
        </SelectField>
        <Button variant="secondary">Filter</Button>
      </Form>
      {notice ? <Notice>{notice}</Notice> : null}
      <FormError
        error={
          failure?.formError ?? failure?.fieldErrors.startsOn ?? failure?.fieldErrors.contractId
        }
      />
      {contracts.length === 0 ? (
        <EmptyState title="No contracts match">
          {canManage ? "Add a contract to give a customer a service under an SLA policy." : null}
        </EmptyState>
      ) : (
        <DataTable
          caption="Contracts"
          headers={[
            "Customer",
            "Service",
            "SLA policy",
            "Monthly fee",
            "Period",
            "Status",
            ...(canManage ? ["End"] : []),
          ]}
        >
          {contracts.map((c) => (
            <tr key={c.id}>
              <Td className="font-medium">{c.customer}</Td>
              <Td>{c.service}</Td>
              <Td>{c.policy}</Td>
              <Td className="whitespace-nowrap">{c.fee}</Td>
              <Td className="whitespace-nowrap">
                {c.startsOn} – {c.endsOn ?? "open-ended"}
                {c.stripeCustomerId ? (
                  <span className="block text-xs text-slate-500">Stripe {c.stripeCustomerId}</span>
                ) : null}
              </Td>
              <Td>
                <Badge tone={TONE[c.status]}>{CONTRACT_STATUS_LABELS[c.status]}</Badge>
              </Td>
              {canManage ? (
                <Td>
                  {c.status === "ended" ? (
                    "—"
                  ) : (
                    <AppForm className="flex flex-wrap items-end gap-2" noValidate>
                      <input type="hidden" name="contractId" value={c.id} />
                      <TextField
                        label={`Last day of ${c.customer} – ${c.service}`}
                        name="endsOn"
                        type="date"
                        defaultValue={
                          failure?.values?.contractId === c.id
                            ? failure.values.endsOn
                            : (c.endsOn ?? (c.startsOn > today ? c.startsOn : today))
                        }
                        error={
                          failure?.values?.contractId === c.id
                            ? failure.fieldErrors.endsOn
                            : undefined
                        }
                      />
                      <Button
                        name="intent"
                        value="end"
                        variant="danger"
                        aria-label={`End the contract of ${c.customer} for ${c.service}`}
                      >
                        End
                      </Button>
                    </AppForm>
                  )}
                </Td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
