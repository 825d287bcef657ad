import { Link } from "@remix-run/react";
import { query } from "./intake-pickers";
import { useState } from "react";
import { AppForm, Button, FormError, SelectField, TextField, type FormFailureData } from "../forms";
import { RequestFormInputs } from "../catalogue/request-form-inputs";
import { AttachmentsField, blockRefusedUploads } from "./attachments-field";
import { MarkdownField } from "./markdown-field";
import type { RequestFormField } from "~/modules/catalogue/request-form";
import {
  IMPACT_HELP,
  LEVEL_LABELS,
  LEVELS,
  URGENCY_HELP,
  type Level,
} from "~/modules/tickets/constants";

type Service = { id: string; name: string; description: string | null; targets: string[] };
export type RequestTypeOption = {
  id: string;
  name: string;
  description: string | null;
  serviceId: string;
  serviceName: string;
  fields: Array<RequestFormField & { helpText: string }>;
};
export type IntakeData = {
  isStaff: boolean;
  customerId: string | null;
  customerName: string | null;
  services: Service[];
  requestTypes: RequestTypeOption[];
  requesters: Array<{ membershipId: string; name: string; email: string }>;
};
type Failure = (FormFailureData & { answers?: Record<string, string[]> }) | null;

function LevelChoice({
  name,
  legend,
  help,
  value,
  error,
}: {
  name: string;
  legend: string;
  help: Record<Level, string>;
  value: string;
  error?: string;
}) {
  return (
    <fieldset aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-1 grid gap-2 sm:grid-cols-3">
        {LEVELS.map((level) => (
          <label
            key={level}
            className="flex cursor-pointer gap-2 rounded-md border border-slate-300 bg-white p-2 text-sm has-[:checked]:border-[var(--accent)] has-[:checked]:ring-1 has-[:checked]:ring-[var(--accent)]"
          >
            <input
              type="radio"
              name={name}
              value={level}
              defaultChecked={value === level}
              className="mt-0.5 accent-[var(--accent)]"
            />
            <span>
              <span className="block font-medium">{LEVEL_LABELS[level]}</span>
              <span className="block text-xs text-slate-600">{help[level]}</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function StaffFields({ data, failure }: { data: IntakeData; failure: Failure }) {
  if (!data.isStaff) return null;
  return (
    <>
      <input type="hidden" name="customerId" value={data.customerId ?? ""} />
      <SelectField
        label="Requester"
        name="requesterMembershipId"
        defaultValue={failure?.values?.requesterMembershipId ?? ""}
        error={failure?.fieldErrors.requesterMembershipId ?? failure?.fieldErrors.customerId}
        hint={`Who at ${data.customerName ?? "the customer"} hears back about this ticket.`}
      >
        <option value="">Nobody in particular</option>
        {data.requesters.map((r) => (
          <option key={r.membershipId} value={r.membershipId}>
            {r.name || r.email} ({r.email})
          </option>
        ))}
      </SelectField>
    </>
  );
}

export function IncidentForm({ data, failure }: { data: IntakeData; failure: Failure }) {
  const values = failure?.values ?? {};
  const [serviceId, setServiceId] = useState(
    values.serviceId ?? (data.services.length === 1 ? data.services[0]!.id : ""),
  );
  const service = data.services.find((s) => s.id === serviceId);
  if (data.services.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">
        {data.customerName ?? "This customer"} has no live contract for any service yet, so there is
        nothing to raise an incident against.
      </p>
    );
  }
  return (
    <AppForm
      encType="multipart/form-data"
      className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
      noValidate
      onSubmit={blockRefusedUploads}
    >
      <input type="hidden" name="intent" value="incident" />
      <FormError error={failure?.formError} />
      <StaffFields data={data} failure={failure} />
      <div>
        <SelectField
          label="Service"
          name="serviceId"
          value={serviceId}
          onChange={(e) => setServiceId(e.target.value)}
          error={failure?.fieldErrors.serviceId}
          required
        >
          <option value="">— which service is affected? —</option>
          {data.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        {service?.targets.length ? (
          <details className="mt-1 text-xs text-slate-600">
            <summary className="cursor-pointer">Service levels for {service.name}</summary>
            <ul className="mt-1 list-disc pl-5">
              {service.targets.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
      <LevelChoice
        name="impact"
        legend="Impact: how much is affected?"
        help={IMPACT_HELP}
        value={values.impact ?? "medium"}
        error={failure?.fieldErrors.impact}
      />
      <LevelChoice
        name="urgency"
        legend="Urgency: how soon must it be fixed?"
        help={URGENCY_HELP}
        value={values.urgency ?? "medium"}
        error={failure?.fieldErrors.urgency}
      />
      <p className="-mt-2 text-xs text-slate-500">
        Impact and urgency together set the priority, and so the response and resolution targets.
      </p>
      <TextField
        label="Subject"
        name="subject"
        required
        maxLength={200}
        defaultValue={values.subject}
        error={failure?.fieldErrors.subject}
        hint="One line, e.g. “Checkout page times out for all shoppers”."
      />
      <MarkdownField
        label="Description"
        name="description"
        defaultValue={values.description}
        error={failure?.fieldErrors.description}
        hint="What happened, since when, who is affected, what you have tried. Markdown works."
      />
      <AttachmentsField error={failure?.fieldErrors.attachments} />
      <div>
        <Button>Raise incident</Button>
      </div>
    </AppForm>
  );
}

export function RequestForm({
  data,
  requestType,
  failure,
}: {
  data: IntakeData;
  requestType: RequestTypeOption;
  failure: Failure;
}) {
  const values = failure?.values ?? {};
  const answerErrors = Object.fromEntries(
    Object.entries(failure?.fieldErrors ?? {})
      .filter(([k]) => k.startsWith("answers."))
      .map(([k, v]) => [k.slice("answers.".length), v]),
  );
  const errorCount = Object.keys(failure?.fieldErrors ?? {}).length;
  return (
    <AppForm
      encType="multipart/form-data"
      className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4 sm:p-6"
      noValidate
      onSubmit={blockRefusedUploads}
    >
      <input type="hidden" name="intent" value="request" />
      <input type="hidden" name="requestTypeId" value={requestType.id} />
      <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 className="text-lg font-semibold">{requestType.name}</h2>
          <p className="text-sm text-slate-600">{requestType.serviceName}</p>
          {requestType.description ? (
            <p className="mt-1 text-sm text-slate-700">{requestType.description}</p>
          ) : null}
        </div>
        <Link
          to={query({ kind: "request", customerId: data.isStaff ? data.customerId : null })}
          className="text-sm"
        >
          Choose another request
        </Link>
      </div>
      <FormError
        error={
          failure?.formError ??
          (errorCount > 1
            ? `${errorCount} answers need attention; see the messages below.`
            : undefined)
        }
      />
      {failure?.fieldErrors.requestTypeId ? (
        <FormError error={failure.fieldErrors.requestTypeId} />
      ) : null}
      <StaffFields data={data} failure={failure} />
      <TextField
        label="Subject"
        name="subject"
        required
        maxLength={200}
        defaultValue={values.subject ?? requestType.name}
        error={failure?.fieldErrors.subject}
      />
      {requestType.fields.length ? (
        <RequestFormInputs
          fields={requestType.fields.map((f) => ({ ...f, id: f.key, help_text: f.helpText }))}
          errors={answerErrors}
          values={failure?.answers ?? {}}
        />
      ) : null}
      <MarkdownField
        label="Anything else we should know? (optional)"
        name="description"
        rows={4}
        defaultValue={values.description}
        error={failure?.fieldErrors.description}
      />
      <AttachmentsField error={failure?.fieldErrors.attachments} />
      <div>
        <Button>Submit request</Button>
      </div>
    </AppForm>
  );
}
