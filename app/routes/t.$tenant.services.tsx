import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ServiceFields } from "~/components/catalogue/service-fields";
import { ServiceStatusBadge } from "~/components/catalogue/service-status";
import { AppForm, Button, failureOf, FormError, SelectField } from "~/components/forms";
import { Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { createService } from "~/modules/catalogue/create-service.server";
import { listServiceOwners } from "~/modules/catalogue/list-service-owners.server";
import { listServiceCategories, listServices } from "~/modules/catalogue/list-services.server";
import {
  createServiceSchema,
  SERVICE_STATUS_LABELS,
  SERVICE_STATUSES,
  serviceFilterSchema,
} from "~/modules/catalogue/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Services · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "catalogue.read");
  const url = new URL(request.url);
  const filter = serviceFilterSchema.parse(Object.fromEntries(url.searchParams));
  const canManage = can(member.role, "catalogue.manage");
  return withTenant(context.db, member.ctx, async (trx) => ({
    filter,
    canManage,
    services: await listServices(trx, member.ctx.tenantId, filter),
    categories: await listServiceCategories(trx, member.ctx.tenantId),
    owners: canManage ? await listServiceOwners(trx, member.ctx.tenantId) : [],
  }));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "catalogue.manage");
  const formData = await readFormData(request);
  if (formData.get("intent") !== "create")
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  const parsed = parseForm(formData, createServiceSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    const service = await createService(context.db, member, parsed.data);
    return redirect(`/t/${member.tenant.slug}/services/${service.id}`);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

function requestTypeSummary(total: number, active: number) {
  if (total === 0) return "None yet";
  return active === total ? String(total) : `${total} (${total - active} inactive)`;
}

export default function Services() {
  const { services, categories, owners, filter, canManage } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const filtered = Boolean(filter.status || filter.category);
  const base = `/t/${useParams().tenant}/services`;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Services"
        description="The service catalogue: what this workspace offers its customers, and the requests they can raise."
      />

      <Form
        method="get"
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
        aria-label="Filter services"
      >
        <SelectField label="Status" name="status" defaultValue={filter.status ?? ""}>
          <option value="">All statuses</option>
          {SERVICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {SERVICE_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Category" name="category" defaultValue={filter.category ?? ""}>
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <Button variant="secondary">Filter</Button>
        {filtered ? (
          <Link to={base} className="py-2 text-sm">
            Clear filter
          </Link>
        ) : null}
      </Form>

      {services.length === 0 ? (
        <EmptyState title={filtered ? "No services match this filter" : "No services yet"}>
          {filtered
            ? "Try another status or category."
            : canManage
              ? "Add your first service below."
              : "Your admin has not added any services yet."}
        </EmptyState>
      ) : (
        <DataTable
          caption="Services"
          headers={["Service", "Category", "Owner", "Status", "Request types"]}
        >
          {services.map((s) => (
            <tr key={s.id}>
              <Td className="font-medium">
                <Link to={`${base}/${s.id}`}>{s.name}</Link>
                {s.description ? (
                  <span className="block max-w-md truncate text-xs font-normal text-slate-500">
                    {s.description}
                  </span>
                ) : null}
              </Td>
              <Td>{s.category || "—"}</Td>
              <Td>{s.owner_name || s.owner_email || "—"}</Td>
              <Td>
                <ServiceStatusBadge status={s.status} />
              </Td>
              <Td>{requestTypeSummary(s.request_type_count, s.active_request_type_count)}</Td>
            </tr>
          ))}
        </DataTable>
      )}

      {canManage ? (
        <Card title="Add a service">
          <AppForm className="flex flex-col gap-4" noValidate>
            <input type="hidden" name="intent" value="create" />
            <FormError error={failure?.formError} />
            <ServiceFields owners={owners} categories={categories} failure={failure} />
            <div>
              <Button>Add service</Button>
            </div>
          </AppForm>
        </Card>
      ) : null}
    </div>
  );
}
