import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { RequestTypeFields } from "~/components/catalogue/request-type-fields";
import { RequestTypeList } from "~/components/catalogue/request-type-list";
import { ServiceFields } from "~/components/catalogue/service-fields";
import { ServiceStatusBadge } from "~/components/catalogue/service-status";
import { AppForm, Button, failureOf, FormError, Notice } from "~/components/forms";
import { Card, PageHeader } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { notFound, requireMembership } from "~/modules/auth/require.server";
import { createRequestType } from "~/modules/catalogue/create-request-type.server";
import { getService } from "~/modules/catalogue/get-service.server";
import { listServiceOwners } from "~/modules/catalogue/list-service-owners.server";
import { listServiceCategories } from "~/modules/catalogue/list-services.server";
import { moveRequestType } from "~/modules/catalogue/move-request-type.server";
import {
  createRequestTypeSchema,
  moveRequestTypeSchema,
  serviceParamsSchema,
  setActiveSchema,
  updateServiceSchema,
} from "~/modules/catalogue/schemas";
import { setRequestTypeActive } from "~/modules/catalogue/update-request-type.server";
import { updateService } from "~/modules/catalogue/update-service.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.service.name ?? "Service"} · Covenant` },
];

function serviceIdOf(params: LoaderFunctionArgs["params"]) {
  const parsed = serviceParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound("We could not find that service.");
  return parsed.data.serviceId;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "catalogue.read");
  const serviceId = serviceIdOf(params);
  const canManage = can(member.role, "catalogue.manage");
  const data = await withTenant(context.db, member.ctx, async (trx) => ({
    service: await getService(trx, member.ctx.tenantId, serviceId),
    owners: canManage ? await listServiceOwners(trx, member.ctx.tenantId) : [],
    categories: canManage ? await listServiceCategories(trx, member.ctx.tenantId) : [],
  }));
  if (!data.service) throw notFound("We could not find that service.");
  const { created_at, updated_at, ...service } = data.service;
  return {
    ...data,
    canManage,
    service: {
      ...service,
      created_at: created_at.toISOString(),
      updated_at: updated_at.toISOString(),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "catalogue.manage");
  const serviceId = serviceIdOf(params);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  try {
    if (intent === "update") {
      const parsed = parseForm(formData, updateServiceSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await updateService(context.db, member, { ...parsed.data, serviceId });
      return { ok: true as const, notice: "Service saved." };
    }
    if (intent === "create-request-type") {
      const parsed = parseForm(formData, createRequestTypeSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const requestType = await createRequestType(context.db, member, {
        ...parsed.data,
        serviceId,
      });
      return redirect(
        `/t/${member.tenant.slug}/services/${serviceId}/request-types/${requestType.id}`,
      );
    }
    if (intent === "move-request-type") {
      const parsed = parseForm(formData, moveRequestTypeSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      await moveRequestType(context.db, member, { ...parsed.data, serviceId });
      return { ok: true as const, notice: null };
    }
    if (intent === "set-request-type-active") {
      const parsed = parseForm(formData, setActiveSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const after = await setRequestTypeActive(context.db, member, { ...parsed.data, serviceId });
      return {
        ok: true as const,
        notice: `${after.name} ${after.active ? "reactivated" : "deactivated"}.`,
      };
    }
    return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function ServicePage() {
  const { service, owners, categories, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const failed = (intent: string) => (failure?.values?.intent === intent ? failure : null);
  const notice = result && "notice" in result ? result.notice : null;
  const servicesPath = `/t/${useParams().tenant}/services`;
  return (
    <div className="flex flex-col gap-6">
      <p className="text-sm">
        <Link to={servicesPath}>← All services</Link>
      </p>
      <PageHeader
        title={service.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ServiceStatusBadge status={service.status} />
            {service.category ? <span>{service.category}</span> : null}
            <span>· Owner: {service.owner_name || service.owner_email || "none yet"}</span>
          </span>
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      <FormError
        error={
          failure && !failed("update") && !failed("create-request-type")
            ? failure.formError
            : undefined
        }
      />

      {canManage ? (
        <Card title="Service details">
          <AppForm className="flex flex-col gap-4" noValidate key={service.updated_at}>
            <input type="hidden" name="intent" value="update" />
            <FormError error={failed("update")?.formError} />
            <ServiceFields
              owners={owners}
              categories={categories}
              service={service}
              failure={failed("update")}
            />
            <div>
              <Button>Save service</Button>
            </div>
          </AppForm>
        </Card>
      ) : (
        <Card title="Service details">
          <p className="whitespace-pre-line text-sm text-slate-700">
            {service.description || "No description yet."}
          </p>
        </Card>
      )}

      <section aria-labelledby="request-types" className="flex flex-col gap-3">
        <h2 id="request-types" className="text-lg font-semibold">
          Request types
        </h2>
        <p className="text-sm text-slate-600">
          What customers can ask for under this service, each with its own form, in the order
          customers see them.
        </p>
        <RequestTypeList
          requestTypes={service.requestTypes}
          basePath={`${servicesPath}/${service.id}/request-types`}
          canManage={canManage}
        />
      </section>

      {canManage && service.status !== "retired" ? (
        <Card title="Add a request type">
          <AppForm className="flex flex-col gap-4" noValidate>
            <input type="hidden" name="intent" value="create-request-type" />
            <FormError error={failed("create-request-type")?.formError} />
            <RequestTypeFields failure={failed("create-request-type")} />
            <div>
              <Button>Add request type</Button>
            </div>
          </AppForm>
        </Card>
      ) : canManage ? (
        <p className="text-sm text-slate-600">A retired service takes no new request types.</p>
      ) : null}
    </div>
  );
}
