import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {
  AppForm,
  Button,
  failureOf,
  FieldError,
  FormError,
  Notice,
  TextField,
} from "~/components/forms";
import { Badge, Card, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import { createApiKey, listApiKeys, revokeApiKey } from "~/modules/api/manage-api-keys.server";
import { createApiKeySchema, revokeApiKeySchema } from "~/modules/api/schemas";
import { API_SCOPES } from "~/modules/api/scopes";
import { formatDateTime } from "~/components/format";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "API keys · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  const keys = await listApiKeys(context.db, member);
  return {
    keys: keys.map((k) => ({
      ...k,
      created_at: k.created_at.toISOString(),
      last_used_at: k.last_used_at ? new Date(k.last_used_at).toISOString() : null,
      revoked_at: k.revoked_at ? new Date(k.revoked_at).toISOString() : null,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "integrations.manage");
  const formData = await readFormData(request);
  try {
    if (formData.get("intent") === "revoke") {
      const parsed = parseForm(formData, revokeApiKeySchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await revokeApiKey(context.db, member, parsed.data.keyId);
      return { ok: true as const, revoked: true };
    }
    const parsed = parseForm(formData, createApiKeySchema);
    if (!parsed.ok) return refuse(parsed.failure);
    const key = await createApiKey(context.db, member, parsed.data);
    return { ok: true as const, created: key.name, token: key.token };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function ApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const created = result && "token" in result ? result : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="API keys"
        description={
          <>
            Keys for scripts, CI/CD pipelines and monitoring. See the{" "}
            <a href="/docs/api">API documentation</a>.
          </>
        }
      />
      <Card title="Create a key">
        {created ? (
          <div className="mb-4">
            <Notice>
              Key <strong>{created.created}</strong> created. Copy it now — it will not be shown
              again:
              <code
                className="mt-2 block break-all rounded bg-white p-2 text-xs"
                data-testid="new-api-key"
              >
                {created.token}
              </code>
            </Notice>
          </div>
        ) : null}
        <AppForm className="flex flex-col gap-4" noValidate>
          <input type="hidden" name="intent" value="create" />
          <FormError error={failure?.formError} />
          <div className="max-w-md">
            <TextField
              label="Key name"
              name="name"
              required
              hint="Where it is used, e.g. “Prometheus Alertmanager”."
              defaultValue={failure?.values?.name}
              error={failure?.fieldErrors.name}
            />
          </div>
          <fieldset aria-describedby={failure?.fieldErrors.scopes ? "scopes-error" : undefined}>
            <legend className="text-sm font-medium text-slate-800">Scopes</legend>
            <div className="mt-2 flex flex-col gap-2">
              {API_SCOPES.map((s) => (
                <label key={s.scope} className="flex items-start gap-2 text-sm">
                  <input type="checkbox" name="scopes" value={s.scope} className="mt-1" />
                  <span>
                    <code>{s.scope}</code> — {s.label}
                  </span>
                </label>
              ))}
            </div>
            <FieldError id="scopes-error" error={failure?.fieldErrors.scopes} />
          </fieldset>
          <div>
            <Button>Create key</Button>
          </div>
        </AppForm>
      </Card>
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">
          Create one above for each script or integration.
        </EmptyState>
      ) : (
        <DataTable
          caption="API keys"
          headers={["Name", "Scopes", "Key ends", "Created", "Last used", "Status", "Actions"]}
        >
          {keys.map((k) => (
            <tr key={k.id}>
              <Td className="font-medium">{k.name}</Td>
              <Td>
                <span className="flex flex-wrap gap-1">
                  {k.scopes.map((s) => (
                    <Badge key={s}>{s}</Badge>
                  ))}
                </span>
              </Td>
              <Td>
                <code>{`…${k.last_four}`}</code>
              </Td>
              <Td>{formatDateTime(k.created_at)}</Td>
              <Td>{k.last_used_at ? formatDateTime(k.last_used_at) : "never"}</Td>
              <Td>{k.revoked_at ? <Badge>Revoked</Badge> : <Badge tone="green">Active</Badge>}</Td>
              <Td>
                {k.revoked_at ? null : (
                  <AppForm>
                    <input type="hidden" name="keyId" value={k.id} />
                    <Button
                      name="intent"
                      value="revoke"
                      variant="danger"
                      aria-label={`Revoke ${k.name}`}
                    >
                      Revoke
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
