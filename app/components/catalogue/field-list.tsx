import { AppForm, Button, type FormFailureData } from "../forms";
import { Badge, EmptyState } from "../page";
import { FieldInputs, type FieldValues } from "./field-inputs";
import { MoveButtons } from "./move-buttons";
import { FIELD_KIND_LABELS } from "~/modules/catalogue/request-form";

type Field = FieldValues & { id: string; key: string };

function FieldSummary({ field, number }: { field: Field; number: number }) {
  return (
    <div className="min-w-0">
      <p className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-500">{number}.</span>
        <span className="font-medium">{field.label}</span>
        {field.required ? <Badge tone="blue">Required</Badge> : <Badge>Optional</Badge>}
        <span className="text-sm text-slate-600">{FIELD_KIND_LABELS[field.kind]}</span>
      </p>
      <p className="mt-1 text-xs text-slate-500">
        Key <code>{field.key}</code>
        {field.help_text ? ` · Help: ${field.help_text}` : ""}
      </p>
      {field.options.length ? (
        <p className="mt-1 text-xs text-slate-600">Options: {field.options.join(" · ")}</p>
      ) : null}
    </div>
  );
}

/** A request type's fields in form order; admins also get move, edit and remove per field. */
export function FieldList({
  fields,
  canManage,
  failure,
}: {
  fields: Field[];
  canManage: boolean;
  failure: FormFailureData | null;
}) {
  if (fields.length === 0) {
    return (
      <EmptyState title="This form has no fields yet">
        {canManage ? "Add the first field below." : null}
      </EmptyState>
    );
  }
  return (
    <ol aria-label="Form fields" className="flex flex-col gap-2">
      {fields.map((field, index) => {
        const editFailure =
          failure?.values?.intent === "update-field" && failure.values.fieldId === field.id
            ? failure
            : null;
        return (
          <li key={field.id} className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <FieldSummary field={field} number={index + 1} />
              {canManage ? (
                <div className="flex shrink-0 items-start gap-2">
                  <MoveButtons
                    intent="move-field"
                    idName="fieldId"
                    id={field.id}
                    label={field.label}
                    isFirst={index === 0}
                    isLast={index === fields.length - 1}
                  />
                  <AppForm>
                    <input type="hidden" name="intent" value="remove-field" />
                    <input type="hidden" name="fieldId" value={field.id} />
                    <Button variant="danger">
                      Remove<span className="sr-only"> {field.label}</span>
                    </Button>
                  </AppForm>
                </div>
              ) : null}
            </div>
            {canManage ? (
              <details open={Boolean(editFailure)} key={JSON.stringify(field)} className="mt-2">
                <summary className="cursor-pointer text-sm text-blue-700">
                  Edit<span className="sr-only"> {field.label}</span>
                </summary>
                <AppForm className="mt-3 flex flex-col gap-3" noValidate>
                  <input type="hidden" name="intent" value="update-field" />
                  <input type="hidden" name="fieldId" value={field.id} />
                  <FieldInputs
                    field={field}
                    failure={editFailure}
                    labelSuffix={` of ${field.label}`}
                  />
                  <div>
                    <Button variant="secondary">Save field</Button>
                  </div>
                </AppForm>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
