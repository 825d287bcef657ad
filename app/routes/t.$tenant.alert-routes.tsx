import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, SelectField, TextField } from "~/components/forms";
import { formatDateTime } from "~/components/format";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { withTenant } from "~/db.server";
import {
  createAlertRoute,
  deleteAlertRoute,
  listAlertRouting,
} from "~/modules/alerting/manage-alert-routes.server";
import { alertRouteIdSchema, createAlertRouteSchema } from "~/modules/alerting/schemas";
import { requireMembership } from "~/modules/auth/require.server";
import { listServices } from "~/modules/catalogue/list-services.server";
import { listCustomers } from "~/modules/customers/list-customers.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Alert routing · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  const { routes, recent } = await listAlertRouting(context.db, member);
  const options = await withTenant(context.db, member.ctx, async (trx) => ({
    customers: (await listCustomers(trx, member.ctx.tenantId, { activeOnly: true })).map((c) => ({
      id: c.id,
      name: c.name,
    })),
    services: (await listServices(trx, member.ctx.tenantId))
      .filter((s) => s.status !== "retired")
      .map((s) => ({ id: s.id, name: s.name })),
  }));
  return {
    routes,
    recent: recent.map((e) => ({
      ...e,
      starts_at: new Date(e.starts_at).toISOString(),
      received_at: e.received_at.toISOString(),
    })),
    ...options,
    endpoint: `${new URL(request.url).origin}/api/v1/integrations/alertmanager`,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  const formData = await readFormData(request);
  try {
    if (formData.get("intent") === "delete") {
      const parsed = parseForm(formData, alertRouteIdSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await deleteAlertRoute(context.db, member, parsed.data.routeId);
      return { ok: true as const };
    }
    const parsed = parseForm(formData, createAlertRouteSchema);
    if (!parsed.ok) return refuse(parsed.failure);
    await createAlertRoute(context.db, member, parsed.data);
    return { ok: true as const };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

const LEVELS = ["high", "medium", "low"] as const;

export default function AlertRoutes() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Alert routing"
        description={
          <>
            Incidents from Prometheus Alertmanager. Send its webhook to{" "}
            <code className="break-all">{data.endpoint}</code> with an{" "}
            <Link to="../api-keys">API key</Link> that has the <code>alerts:ingest</code> scope.
          </>
        }
      />
      <Card title="Add a route">
        <p className="mb-4 text-sm text-slate-600">
          The first route (top to bottom) whose labels all match an alert decides the customer and
          service of its incident.
        </p>
        <AppForm className="grid gap-4 md:grid-cols-2" noValidate>
          <FormError error={failure?.formError} />
          <TextField
            label="Route name"
            name="name"
            required
            defaultValue={failure?.values?.name}
            error={failure?.fieldErrors.name}
          />
          <TextField
            label="Label matchers"
            name="matchers"
            required
            placeholder="customer=contoso, service=kubernetes"
            hint="name=value pairs separated by commas; all must match."
            defaultValue={failure?.values?.matchers}
            error={failure?.fieldErrors.matchers}
          />
          <SelectField
            label="Customer"
            name="customerId"
            defaultValue={failure?.values?.customerId ?? ""}
            error={failure?.fieldErrors.customerId}
          >
            <option value="">Choose…</option>
            {data.customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Service"
            name="serviceId"
            defaultValue={failure?.values?.serviceId ?? ""}
            error={failure?.fieldErrors.serviceId}
          >
            <option value="">Choose…</option>
            {data.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Impact"
            name="impact"
            defaultValue={failure?.values?.impact ?? "high"}
            error={failure?.fieldErrors.impact}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Urgency"
            name="urgency"
            defaultValue={failure?.values?.urgency ?? "high"}
            error={failure?.fieldErrors.urgency}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </SelectField>
          <label className="flex items-center gap-2 text-sm md:col-span-2">
            <input type="checkbox" name="autoResolve" value="on" /> Resolve the incident when the
            alert clears
          </label>
          <div>
            <Button>Add route</Button>
          </div>
        </AppForm>
      </Card>
      {data.routes.length === 0 ? (
        <EmptyState title="No alert routes yet">
          Alerts that match no route are recorded below but open nothing — until you add a route
          that matches them: Alertmanager repeats a firing alert, and its next notification opens
          the incident.
        </EmptyState>
      ) : (
        <DataTable
          caption="Alert routes"
          headers={["Order", "Route", "Matches", "Opens an incident for", "Actions"]}
        >
          {data.routes.map((r, i) => (
            <tr key={r.id}>
              <Td>{i + 1}</Td>
              <Td className="font-medium">{r.name}</Td>
              <Td>
                <code className="text-xs">
                  {Object.entries(r.matchers)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(", ")}
                </code>
              </Td>
              <Td>
                {r.customer_name} · {r.service_name}
                <span className="block text-xs text-slate-500">
                  impact {r.impact}, urgency {r.urgency}
                  {r.auto_resolve ? ", resolves when cleared" : ""}
                </span>
              </Td>
              <Td>
                <AppForm>
                  <input type="hidden" name="routeId" value={r.id} />
                  <Button
                    name="intent"
                    value="delete"
                    variant="danger"
                    aria-label={`Delete route ${r.name}`}
                  >
                    Delete
                  </Button>
                </AppForm>
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
      <h2 className="text-lg font-semibold">Recent alerts</h2>
      {data.recent.length === 0 ? (
        <EmptyState title="No alerts received yet" />
      ) : (
        <DataTable
          caption="Recent alerts"
          headers={["Received", "Alert", "Started", "Status", "Incident"]}
        >
          {data.recent.map((e) => (
            <tr key={e.id}>
              <Td>{formatDateTime(e.received_at)}</Td>
              <Td>
                {e.alertname || "—"}
                <code className="block text-xs text-slate-500">{e.fingerprint}</code>
              </Td>
              <Td>{formatDateTime(e.starts_at)}</Td>
              <Td>
                <Badge
                  tone={e.status === "firing" ? "red" : e.status === "resolved" ? "green" : "slate"}
                >
                  {e.status}
                </Badge>
              </Td>
              <Td>
                {e.ticket_number ? (
                  <Link to={`../tickets/${e.ticket_number}`}>{e.ticket_number}</Link>
                ) : (
                  "—"
                )}
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
