import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { failureOf } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { CustomerPicker, KindTabs, RequestTypePicker } from "~/components/tickets/intake-pickers";
import { IncidentForm, RequestForm } from "~/components/tickets/raise-forms";
import { requireMembership } from "~/modules/auth/require.server";
import { answersFromFormData, validateRequestAnswers } from "~/modules/catalogue/request-form";
import { createIncident } from "~/modules/tickets/create-incident.server";
import { createServiceRequest } from "~/modules/tickets/create-service-request.server";
import { loadIntakeOptions } from "~/modules/tickets/load-intake-options.server";
import { createIncidentSchema, createServiceRequestSchema } from "~/modules/tickets/schemas";
import { appErrorResponse, parseForm, readFormData, refuse } from "~/server/forms";
import { uploadedFiles } from "~/server/uploads";

export const meta: MetaFunction = () => [{ title: "Raise a ticket · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tickets.raise");
  const url = new URL(request.url);
  const kind: "incident" | "request" =
    url.searchParams.get("kind") === "request" ? "request" : "incident";
  const options = await loadIntakeOptions(context.db, member, {
    customerId: url.searchParams.get("customerId") ?? undefined,
  });
  const requestTypeId = url.searchParams.get("requestTypeId");
  return {
    slug: member.tenant.slug,
    isStaff: member.role !== "customer",
    customerName:
      member.role === "customer"
        ? member.customerName
        : (options.customers.find((c) => c.id === options.customerId)?.name ?? null),
    kind,
    ...options,
    requestType:
      kind === "request"
        ? (options.requestTypes.find((t) => t.id === requestTypeId) ?? null)
        : null,
  };
}

function textValues(formData: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of formData)
    if (typeof value === "string" && key !== "csrf") values[key] = value;
  return values;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tickets.raise");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const base = `/t/${member.tenant.slug}/tickets`;
  try {
    const attachments = await uploadedFiles(formData);
    if (intent === "incident") {
      const parsed = parseForm(formData, createIncidentSchema);
      if (!parsed.ok) return refuse(parsed.failure);
      const ticket = await createIncident(context.db, member, { ...parsed.data, attachments });
      return redirect(`${base}/${ticket.number}?raised=1`);
    }
    if (intent === "request") {
      const parsed = parseForm(formData, createServiceRequestSchema);
      // Every answer is checked at once (the module stops at the first), so all errors show together.
      const options = await loadIntakeOptions(context.db, member, {
        customerId: parsed.ok
          ? parsed.data.customerId
          : (formData.get("customerId")?.toString() ?? undefined),
      });
      const type = options.requestTypes.find((t) => t.id === formData.get("requestTypeId"));
      const answers = type ? answersFromFormData(type.fields, formData) : {};
      const checked = type ? validateRequestAnswers(type.fields, answers) : null;
      const answerErrors =
        checked && !checked.ok
          ? Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [`answers.${k}`, v]))
          : {};
      if (!parsed.ok || Object.keys(answerErrors).length) {
        const failure = parsed.ok
          ? { ok: false as const, fieldErrors: {}, values: textValues(formData) }
          : parsed.failure;
        return data(
          {
            ...failure,
            fieldErrors: { ...failure.fieldErrors, ...answerErrors },
            answers: answers as Record<string, string[]>,
          },
          { status: 422 },
        );
      }
      const ticket = await createServiceRequest(context.db, member, {
        ...parsed.data,
        answers,
        attachments,
      });
      return redirect(`${base}/${ticket.number}?raised=1`);
    }
    return refuse(
      {
        ok: false,
        fieldErrors: {},
        formError: "Choose whether to report an incident or make a request.",
      },
      400,
    );
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}

export default function RaiseTicket() {
  const intake = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>()) as
    (ReturnType<typeof failureOf> & { answers?: Record<string, string[]> }) | null;
  const needsCustomer = intake.isStaff && !intake.customerId;
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader
        title="Raise a ticket"
        description={
          intake.isStaff
            ? "On behalf of a customer: the ticket runs under that customer's contract and SLA."
            : "Tell us what is wrong or what you need. You can follow it, and its service level, from your ticket list."
        }
      />
      {intake.isStaff ? (
        <CustomerPicker
          customers={intake.customers}
          customerId={intake.customerId}
          kind={intake.kind}
        />
      ) : null}
      {needsCustomer ? null : (
        <>
          <KindTabs kind={intake.kind} customerId={intake.isStaff ? intake.customerId : null} />
          {intake.kind === "incident" ? (
            <IncidentForm data={intake} failure={failure} />
          ) : intake.requestType ? (
            <RequestForm data={intake} requestType={intake.requestType} failure={failure} />
          ) : (
            <RequestTypePicker
              requestTypes={intake.requestTypes}
              customerId={intake.isStaff ? intake.customerId : null}
            />
          )}
        </>
      )}
    </div>
  );
}
