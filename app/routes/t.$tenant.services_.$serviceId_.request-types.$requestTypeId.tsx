import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { FieldInputs } from "~/components/catalogue/field-inputs";
import { FieldList } from "~/components/catalogue/field-list";
import { RequestTypeFields } from "~/components/catalogue/request-type-fields";
import { ServiceStatusBadge } from "~/components/catalogue/service-status";
import {
  RequestFormPreview,
  type PreviewResult,
} from "~/components/catalogue/request-form-preview";
import { AppForm, Button, failureOf, FormError, Notice } from "~/components/forms";
import { Badge, Card, PageHeader } from "~/components/page";
import { withTenant } from "~/db.server";
import { can } from "~/modules/auth/permissions";
import { forbidden, notFound, requireMembership } from "~/modules/auth/require.server";
import { addRequestTypeField } from "~/modules/catalogue/add-request-type-field.server";
import { getRequestType } from "~/modules/catalogue/get-request-type.server";
import { moveRequestTypeField } from "~/modules/catalogue/move-request-type-field.server";
import { removeRequestTypeField } from "~/modules/catalogue/remove-request-type-field.server";
import { answersFromFormData, validateRequestAnswers } from "~/modules/catalogue/request-form";
import {
  activeSchema,
  fieldIdSchema,
  fieldSchema,
  moveFieldSchema,
  requestTypeParamsSchema,
  updateFieldSchema,
  updateRequestTypeSchema,
} from "~/modules/catalogue/schemas";
import {
  setRequestTypeActive,
  updateRequestType,
} from "~/modules/catalogue/update-request-type.server";
import { updateRequestTypeField } from "~/modules/catalogue/update-request-type-field.server";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.requestType.name ?? "Request type"} · Covenant` },
];

/** Anyone who may read the catalogue sees the request type (and may try its form). */
async function load(args: LoaderFunctionArgs) {
  const member = await requireMembership(
    args.request,
    args.context,
    args.params.tenant,
    "catalogue.read",
  );
  const ids = requestTypeParamsSchema.safeParse(args.params);
  if (!ids.success) throw notFound("We could not find that request type.");
  const requestType = await withTenant(args.context.db, member.ctx, (trx) =>
    getRequestType(trx, member.ctx.tenantId, ids.data.serviceId, ids.data.requestTypeId),
  );
  if (!requestType) throw notFound("We could not find that request type.");
  return { member, ids: ids.data, requestType };
}

export async function loader(args: LoaderFunctionArgs) {
  const { member, requestType } = await load(args);
  return { requestType, canManage: can(member.role, "catalogue.manage") };
}

/** Trying the form is open to readers; every other intent changes the catalogue and needs catalogue.manage. */
export async function action(args: ActionFunctionArgs) {
  const { member, ids, requestType } = await load(args);
  const formData = await readFormData(args.request);
  const intent = formData.get("intent");
  if (intent === "preview") {
    const answers = answersFromFormData(requestType.fields, formData);
    const result = validateRequestAnswers(requestType.fields, answers);
    const preview: PreviewResult = result.ok
      ? { valid: true, answers, values: result.values }
      : { valid: false, answers, errors: result.errors };
    return data({ preview }, { status: result.ok ? 200 : 422 });
  }
  if (!can(member.role, "catalogue.manage")) throw forbidden();
  const { db } = args.context;
  try {
    switch (intent) {
      case "update-request-type": {
        const parsed = parseForm(formData, updateRequestTypeSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await updateRequestType(db, member, { ...ids, ...parsed.data });
        return { ok: true as const, notice: "Request type saved." };
      }
      case "set-active": {
        const parsed = parseForm(formData, activeSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await setRequestTypeActive(db, member, { ...ids, ...parsed.data });
        return {
          ok: true as const,
          notice: parsed.data.active
            ? "Request type reactivated."
            : "Request type deactivated: customers can no longer raise it.",
        };
      }
      case "add-field": {
        const parsed = parseForm(formData, fieldSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        const field = await addRequestTypeField(db, member, { ...ids, ...parsed.data });
        return { ok: true as const, notice: `Field “${field.label}” added.` };
      }
      case "update-field": {
        const parsed = parseForm(formData, updateFieldSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        const field = await updateRequestTypeField(db, member, { ...ids, ...parsed.data });
        return { ok: true as const, notice: `Field “${field.label}” saved.` };
      }
      case "remove-field": {
        const parsed = parseForm(formData, fieldIdSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        const field = await removeRequestTypeField(db, member, { ...ids, ...parsed.data });
        return { ok: true as const, notice: `Field “${field.label}” removed.` };
      }
      case "move-field": {
        const parsed = parseForm(formData, moveFieldSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await moveRequestTypeField(db, member, { ...ids, ...parsed.data });
        return { ok: true as const, notice: null };
      }
      default:
        return refuse({ ok: false, fieldErrors: {}, formError: "Unknown action." }, 400);
    }
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function RequestTypePage() {
  const { requestType, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const failed = (intent: string) => (failure?.values?.intent === intent ? failure : null);
  const notice = result && "notice" in result ? result.notice : null;
  const preview = result && "preview" in result ? result.preview : null;
  const servicesPath = `/t/${useParams().tenant}/services`;
  const servicePath = `${servicesPath}/${requestType.service_id}`;
  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to={servicesPath}>Services</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={servicePath}>{requestType.service_name}</Link>
      </nav>
      <PageHeader
        title={requestType.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {requestType.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}
            <span>Request type of {requestType.service_name}</span>
            {requestType.service_status !== "live" ? (
              <ServiceStatusBadge status={requestType.service_status} />
            ) : null}
          </span>
        }
        actions={
          canManage ? (
            <AppForm>
              <input type="hidden" name="intent" value="set-active" />
              <input type="hidden" name="active" value={String(!requestType.active)} />
              <Button variant={requestType.active ? "danger" : "secondary"}>
                {requestType.active ? "Deactivate" : "Reactivate"}
                <span className="sr-only"> {requestType.name}</span>
              </Button>
            </AppForm>
          ) : null
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      <FormError
        error={
          failure &&
          !failed("update-request-type") &&
          !failed("add-field") &&
          !failed("update-field")
            ? failure.formError
            : undefined
        }
      />

      {canManage ? (
        <Card title="Request type">
          <AppForm
            className="flex flex-col gap-4"
            noValidate
            key={`${requestType.name}|${requestType.description}`}
          >
            <input type="hidden" name="intent" value="update-request-type" />
            <FormError error={failed("update-request-type")?.formError} />
            <RequestTypeFields requestType={requestType} failure={failed("update-request-type")} />
            <div>
              <Button>Save request type</Button>
            </div>
          </AppForm>
        </Card>
      ) : requestType.description ? (
        <p className="text-sm text-slate-700">{requestType.description}</p>
      ) : null}

      <section aria-labelledby="fields" className="flex flex-col gap-3">
        <h2 id="fields" className="text-lg font-semibold">
          Form fields
        </h2>
        <FieldList fields={requestType.fields} canManage={canManage} failure={failure} />
      </section>

      {canManage ? (
        <Card title="Add a field">
          <AppForm className="flex flex-col gap-4" noValidate key={requestType.fields.length}>
            <input type="hidden" name="intent" value="add-field" />
            <FormError error={failed("add-field")?.formError} />
            <FieldInputs failure={failed("add-field")} />
            <div>
              <Button>Add field</Button>
            </div>
          </AppForm>
        </Card>
      ) : null}

      <Card title="Preview: the form customers fill in">
        <RequestFormPreview fields={requestType.fields} result={preview} />
      </Card>
    </div>
  );
}
