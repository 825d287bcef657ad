import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, failureOf, FormError, Notice, TextField } from "~/components/forms";
import { Card, DataTable, PageHeader, Td } from "~/components/page";
import { requirePlatformAdmin } from "~/modules/auth/require.server";
import { createTenant } from "~/modules/tenancy/create-tenant.server";
import { createTenantSchema } from "~/modules/tenancy/schemas";
import { listAllTenants } from "~/modules/tenancy/system.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction = () => [{ title: "Platform · Covenant" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request, context);
  const tenants = await listAllTenants(context.db);
  return {
    tenants: tenants.map((t) => ({
      ...t,
      members: Number(t.members),
      created_at: t.created_at.toISOString(),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const operator = await requirePlatformAdmin(request, context);
  const formData = await readFormData(request);
  const parsed = parseForm(formData, createTenantSchema);
  if (!parsed.ok) return refuse(parsed.failure);
  try {
    const { tenant, invitationPath } = await createTenant(
      context.db,
      { userId: operator.id, label: `operator ${operator.email}`, requestId: context.requestId },
      parsed.data,
    );
    return {
      ok: true as const,
      created: tenant.name,
      slug: tenant.slug,
      link: invitationPath ? new URL(invitationPath, request.url).toString() : null,
    };
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function Platform() {
  const { tenants } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const created = result && "created" in result ? result : null;
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-8">
      <PageHeader
        title="Platform"
        description="Create tenants (one per cloud service provider) and their first admin."
      />
      <Card title="Create a tenant">
        {created ? (
          <div className="mb-4">
            <Notice>
              Created <strong>{created.created}</strong> at{" "}
              <a href={`/t/${created.slug}`}>/t/{created.slug}</a>.{" "}
              {created.link ? (
                <>
                  Send the first admin this invitation link:{" "}
                  <code className="break-all">{created.link}</code>
                </>
              ) : (
                "The admin already had an account and can sign in now."
              )}
            </Notice>
          </div>
        ) : null}
        <AppForm className="grid gap-4 md:grid-cols-4 md:items-end" noValidate>
          <TextField
            label="Name"
            name="name"
            required
            defaultValue={failure?.values?.name}
            error={failure?.fieldErrors.name}
          />
          <TextField
            label="Slug"
            name="slug"
            required
            hint="Used in URLs: /t/slug"
            defaultValue={failure?.values?.slug}
            error={failure?.fieldErrors.slug}
          />
          <TextField
            label="Admin email"
            name="adminEmail"
            type="email"
            required
            defaultValue={failure?.values?.adminEmail}
            error={failure?.fieldErrors.adminEmail}
          />
          <Button>Create tenant</Button>
        </AppForm>
        <div className="mt-3">
          <FormError error={failure?.formError} />
        </div>
      </Card>
      <DataTable caption="Tenants" headers={["Name", "Slug", "Active members", "Created"]}>
        {tenants.map((t) => (
          <tr key={t.id}>
            <Td className="font-medium">{t.name}</Td>
            <Td>
              <a href={`/t/${t.slug}/sign-in`}>{t.slug}</a>
            </Td>
            <Td>{t.members}</Td>
            <Td>{t.created_at.slice(0, 10)}</Td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}
