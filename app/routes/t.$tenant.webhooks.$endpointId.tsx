import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AppForm, Button, Notice } from "~/components/forms";
import { formatDateTime } from "~/components/format";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { notFound, requireMembership } from "~/modules/auth/require.server";
import { AppError } from "~/modules/errors";
import {
  deleteEndpoint,
  getEndpoint,
  retryDelivery,
  rollEndpointSecret,
  setEndpointActive,
} from "~/modules/webhooks/manage-endpoints.server";
import { deliveryIdSchema } from "~/modules/webhooks/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Webhook endpoint · Covenant" }];

const idSchema = z.uuid();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  if (!idSchema.safeParse(params.endpointId).success) throw notFound();
  try {
    const { endpoint, deliveries } = await getEndpoint(
      context.db,
      member,
      params.endpointId!,
      context.config.secret,
    );
    return {
      endpoint: { ...endpoint, created_at: endpoint.created_at.toISOString() },
      deliveries: deliveries.map((d) => ({
        ...d,
        created_at: d.created_at.toISOString(),
        delivered_at: d.delivered_at ? new Date(d.delivered_at).toISOString() : null,
        next_attempt_at: d.next_attempt_at ? new Date(d.next_attempt_at).toISOString() : null,
      })),
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound();
    throw error;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  if (!idSchema.safeParse(params.endpointId).success) throw notFound();
  const endpointId = params.endpointId!;
  const formData = await readFormData(request);
  try {
    switch (formData.get("intent")) {
      case "disable":
      case "enable":
        await setEndpointActive(
          context.db,
          member,
          endpointId,
          formData.get("intent") === "enable",
        );
        return { ok: true as const };
      case "roll":
        await rollEndpointSecret(context.db, member, context.config.secret, endpointId);
        return { ok: true as const };
      case "delete":
        await deleteEndpoint(context.db, member, endpointId);
        return redirect(`/t/${member.tenant.slug}/webhooks`);
      case "retry": {
        const parsed = parseForm(formData, deliveryIdSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await retryDelivery(context.db, member, parsed.data.deliveryId);
        return { ok: true as const };
      }
      default:
        return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
    }
  } catch (error) {
    if (
      error instanceof AppError &&
      error.code === "not_found" &&
      formData.get("intent") !== "retry"
    )
      throw notFound();
    return appErrorResponse(error, formData);
  }
}

const STATUS_TONE = { delivered: "green", pending: "amber", failed: "red" } as const;

export default function WebhookEndpoint() {
  const { endpoint, deliveries } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm">
        <Link to="..">← All webhooks</Link>
      </p>
      <PageHeader
        title="Webhook endpoint"
        description={<span className="break-all">{endpoint.url}</span>}
      />
      {params.get("created") ? (
        <Notice>Endpoint added. Configure your receiver with the signing secret below.</Notice>
      ) : null}
      <Card title="Signing">
        <p className="text-sm text-slate-700">
          Each delivery carries{" "}
          <code>Covenant-Signature: t=&lt;unix time&gt;,v1=&lt;HMAC-SHA256 hex&gt;</code>, computed
          with this secret over <code>&lt;t&gt;.&lt;raw body&gt;</code>. Reject signatures older
          than 5 minutes. <code>Covenant-Delivery</code> carries the event id: deliveries are
          at-least-once, so deduplicate on it.
        </p>
        <details className="mt-3">
          <summary className="cursor-pointer text-sm text-blue-700">Show signing secret</summary>
          <code className="mt-2 block break-all rounded bg-slate-50 p-2 text-xs">
            {endpoint.signingSecret ??
              "This secret cannot be read with the current COVENANT_SECRET: roll a new one."}
          </code>
        </details>
        <div className="mt-4 flex flex-wrap gap-2">
          <AppForm>
            <Button
              name="intent"
              value={endpoint.active ? "disable" : "enable"}
              variant="secondary"
            >
              {endpoint.active ? "Disable" : "Enable"}
            </Button>
          </AppForm>
          <AppForm>
            <Button name="intent" value="roll" variant="secondary">
              Roll secret
            </Button>
          </AppForm>
          <AppForm>
            <Button name="intent" value="delete" variant="danger">
              Delete endpoint
            </Button>
          </AppForm>
        </div>
        <p className="mt-2 text-sm">
          Status: {endpoint.active ? <Badge tone="green">Active</Badge> : <Badge>Disabled</Badge>}
        </p>
      </Card>
      <h2 className="text-lg font-semibold">Recent deliveries</h2>
      {deliveries.length === 0 ? (
        <EmptyState title="Nothing delivered yet">
          Deliveries appear here when ticket events happen.
        </EmptyState>
      ) : (
        <DataTable
          caption="Recent deliveries"
          headers={["Event", "Created", "Status", "Attempts", "Last result", "Actions"]}
        >
          {deliveries.map((d) => (
            <tr key={d.id}>
              <Td>
                <code>{d.event_type}</code>
              </Td>
              <Td>{formatDateTime(d.created_at)}</Td>
              <Td>
                <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
                {d.status === "pending" && d.next_attempt_at ? (
                  <span className="block text-xs text-slate-500">
                    next try {formatDateTime(d.next_attempt_at)}
                  </span>
                ) : null}
              </Td>
              <Td>{d.attempts}</Td>
              <Td className="text-xs">
                {d.last_error ?? (d.last_status_code ? `HTTP ${d.last_status_code}` : "—")}
              </Td>
              <Td>
                {d.status === "delivered" ? null : (
                  <AppForm>
                    <input type="hidden" name="deliveryId" value={d.id} />
                    <Button name="intent" value="retry" variant="secondary">
                      Retry now
                    </Button>
                  </AppForm>
                )}
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
