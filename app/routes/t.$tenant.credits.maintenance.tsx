import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MaintenanceWindowFields } from "~/components/credits/maintenance-fields";
import { AppForm, Button, failureOf, FormError, Notice } from "~/components/forms";
import { formatDateTime } from "~/components/format";
import { Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import {
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  listMaintenanceWindows,
  updateMaintenanceWindow,
} from "~/modules/credits/maintenance-windows.server";
import { maintenanceWindowIdSchema, maintenanceWindowSchema } from "~/modules/credits/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Maintenance windows · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.read");
  const { windows, services } = await listMaintenanceWindows(context.db, member);
  return {
    canManage: can(member.role, "sla.manage"),
    services,
    windows: windows.map((w) => ({
      id: w.id,
      serviceId: w.service_id,
      service: w.service_name,
      startsAt: w.starts_at.toISOString(),
      endsAt: w.ends_at.toISOString(),
      description: w.description,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "sla.manage");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "delete") {
      const parsed = parseForm(formData, maintenanceWindowIdSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await deleteMaintenanceWindow(context.db, member, parsed.data.windowId);
      return { ok: true as const, notice: "Maintenance window deleted." };
    }
    if (intent === "create" || intent === "update") {
      const parsed = parseForm(formData, maintenanceWindowSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      if (intent === "create") {
        await createMaintenanceWindow(context.db, member, parsed.data);
        return { ok: true as const, notice: "Maintenance window added." };
      }
      const id = parseForm(formData, maintenanceWindowIdSchema);
      if (!id.ok) return refuse(id.failure);
      await updateMaintenanceWindow(context.db, member, id.data.windowId, parsed.data);
      return { ok: true as const, notice: "Maintenance window saved." };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

const local = (iso: string) => iso.slice(0, 16);

export default function MaintenanceWindows() {
  const { canManage, services, windows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const notice = result && "notice" in result ? result.notice : null;
  const editing = failure?.values?.windowId ?? null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Maintenance windows"
        description="Agreed downtime of a service. Availability (and so service credits) does not count it against the service. Times are UTC. Change management will create these from approved changes later."
      />
      {notice ? <Notice>{notice}</Notice> : null}
      <FormError error={failure?.formError} />
      {canManage ? (
        <Card title="Add a maintenance window">
          <AppForm className="flex flex-col gap-4" noValidate>
            <MaintenanceWindowFields services={services} failure={editing ? null : failure} />
            <div>
              <Button name="intent" value="create">
                Add window
              </Button>
            </div>
          </AppForm>
        </Card>
      ) : null}
      {windows.length === 0 ? (
        <EmptyState title="No maintenance windows" />
      ) : (
        <DataTable
          caption="Maintenance windows"
          headers={["Service", "From", "To", "Description", ...(canManage ? ["Change"] : [])]}
        >
          {windows.map((w) => (
            <tr key={w.id}>
              <Td className="font-medium">{w.service}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(w.startsAt)}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(w.endsAt)}</Td>
              <Td>{w.description}</Td>
              {canManage ? (
                <Td>
                  <details open={editing === w.id}>
                    <summary className="cursor-pointer text-sm underline">Edit or delete</summary>
                    <AppForm className="mt-2 flex flex-col gap-3" noValidate>
                      <input type="hidden" name="windowId" value={w.id} />
                      <MaintenanceWindowFields
                        services={services}
                        failure={editing === w.id ? failure : null}
                        initial={{
                          serviceId: w.serviceId,
                          startsAt: local(w.startsAt),
                          endsAt: local(w.endsAt),
                          description: w.description,
                        }}
                      />
                      <div className="flex gap-2">
                        <Button name="intent" value="update" variant="secondary">
                          Save
                        </Button>
                        <Button
                          name="intent"
                          value="delete"
                          variant="danger"
                          aria-label={`Delete the ${w.service} window of ${formatDateTime(w.startsAt)}`}
                        >
                          Delete
                        </Button>
                      </div>
                    </AppForm>
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
