import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, TextField } from "~/components/forms";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { createCustomer } from "~/modules/customers/create-customer.server";
import { listCustomers } from "~/modules/customers/list-customers.server";
import { createCustomerSchema, updateCustomerSchema } from "~/modules/customers/schemas";
import { updateCustomer } from "~/modules/customers/update-customer.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Customers · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "customers.read");
  const customers = await withTenant(context.db, member.ctx, (trx) =>
    listCustomers(trx, member.ctx.tenantId),
  );
  return { customers, canManage: can(member.role, "customers.manage") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "customers.manage");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "create") {
      const parsed = parseForm(formData, createCustomerSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await createCustomer(context.db, member, parsed.data);
      return { ok: true as const };
    }
    if (intent === "update") {
      const parsed = parseForm(formData, updateCustomerSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await updateCustomer(context.db, member, parsed.data);
      return { ok: true as const };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Customers() {
  const { customers, canManage } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const createFailure =
    failure?.values?.intent === "create" || !failure?.values?.customerId ? failure : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Customers"
        description="The organisations this workspace provides services to."
      />
      {canManage ? (
        <Card title="Add a customer">
          <AppForm className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
            <input type="hidden" name="intent" value="create" />
            <div className="flex-1">
              <TextField
                label="Customer name"
                name="name"
                required
                maxLength={120}
                defaultValue={createFailure?.values?.name}
                error={createFailure?.fieldErrors.name}
              />
            </div>
            <Button>Add customer</Button>
          </AppForm>
          <div className="mt-3">
            <FormError error={failure?.formError} />
          </div>
        </Card>
      ) : null}
      {customers.length === 0 ? (
        <EmptyState title="No customers yet">
          {canManage
            ? "Add your first customer organisation above."
            : "Your admin has not added any customers yet."}
        </EmptyState>
      ) : (
        <DataTable
          caption="Customers"
          headers={canManage ? ["Name", "Users", "Status", "Edit"] : ["Name", "Users", "Status"]}
        >
          {customers.map((c) => (
            <tr key={c.id}>
              <Td className="font-medium">{c.name}</Td>
              <Td>{Number(c.users)}</Td>
              <Td>{c.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
              {canManage ? (
                <Td>
                  <details open={failure?.values?.customerId === c.id}>
                    <summary className="cursor-pointer text-sm text-blue-700">
                      Edit<span className="sr-only"> {c.name}</span>
                    </summary>
                    <div className="mt-2 flex flex-col gap-2">
                      <AppForm className="flex flex-wrap items-end gap-2" noValidate>
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="customerId" value={c.id} />
                        <input type="hidden" name="active" value={String(c.active)} />
                        <TextField
                          label={`New name for ${c.name}`}
                          name="name"
                          defaultValue={
                            failure?.values?.customerId === c.id ? failure.values.name : c.name
                          }
                          error={
                            failure?.values?.customerId === c.id
                              ? failure.fieldErrors.name
                              : undefined
                          }
                        />
                        <Button variant="secondary">Rename</Button>
                      </AppForm>
                      <AppForm>
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="customerId" value={c.id} />
                        <input type="hidden" name="name" value={c.name} />
                        <input type="hidden" name="active" value={String(!c.active)} />
                        <Button
                          variant={c.active ? "danger" : "secondary"}
                          aria-label={`${c.active ? "Deactivate" : "Reactivate"} ${c.name}`}
                        >
                          {c.active ? "Deactivate" : "Reactivate"}
                        </Button>
                        {c.active ? (
                          <p className="mt-1 text-xs text-slate-500">
                            Its users lose access until it is reactivated.
                          </p>
                        ) : null}
                      </AppForm>
                    </div>
                  </details>
                </Td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
