import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FieldError, FormError, TextField } from "~/components/forms";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import { WEBHOOK_EVENTS } from "~/modules/webhooks/events";
import { createEndpoint, listEndpoints } from "~/modules/webhooks/manage-endpoints.server";
import { createEndpointSchema } from "~/modules/webhooks/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Webhooks · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  const endpoints = await listEndpoints(context.db, member);
  return {
    endpoints: endpoints.map((e) => ({
      ...e,
      failed: Number(e.failed ?? 0),
      pending: Number(e.pending ?? 0),
      created_at: e.created_at.toISOString(),
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  const formData = await readFormData(request);
  const parsed = parseForm(formData, createEndpointSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    const endpoint = await createEndpoint(context.db, member, context.config.secret, parsed.data);
    return redirect(`/t/${member.tenant.slug}/webhooks/${endpoint.id}?created=1`);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Webhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Webhooks"
        description="Covenant POSTs signed JSON to your endpoints when tickets change. Failed deliveries are retried with backoff; they never hold up ticket work."
      />
      <Card title="Add an endpoint">
        <AppForm className="flex flex-col gap-4" noValidate>
          <FormError error={failure?.formError} />
          <div className="grid gap-4 md:grid-cols-2">
            <TextField
              label="Endpoint URL"
              name="url"
              type="url"
              required
              placeholder="https://example.com/covenant"
              defaultValue={failure?.values?.url}
              error={failure?.fieldErrors.url}
            />
            <TextField
              label="Description"
              name="description"
              defaultValue={failure?.values?.description}
              error={failure?.fieldErrors.description}
            />
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Events</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {WEBHOOK_EVENTS.map((e) => (
                <label key={e.type} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="events"
                    value={e.type}
                    defaultChecked
                    className="mt-1"
                  />
                  <span>
                    <code>{e.type}</code> — {e.label}
                  </span>
                </label>
              ))}
            </div>
            <FieldError id="events-error" error={failure?.fieldErrors.events} />
          </fieldset>
          <div>
            <Button>Add endpoint</Button>
          </div>
        </AppForm>
      </Card>
      {endpoints.length === 0 ? (
        <EmptyState title="No webhook endpoints yet" />
      ) : (
        <DataTable caption="Webhook endpoints" headers={["Endpoint", "Events", "Queue", "Status"]}>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <Td>
                <Link to={e.id} className="break-all font-medium">
                  {e.url}
                </Link>
                {e.description ? (
                  <span className="block text-xs text-slate-500">{e.description}</span>
                ) : null}
              </Td>
              <Td>
                <span className="flex flex-wrap gap-1">
                  {e.events.map((ev) => (
                    <Badge key={ev}>{ev}</Badge>
                  ))}
                </span>
              </Td>
              <Td>
                {e.pending} waiting
                {e.failed ? <span className="block text-red-700">{e.failed} failed</span> : null}
              </Td>
              <Td>{e.active ? <Badge tone="green">Active</Badge> : <Badge>Disabled</Badge>}</Td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
