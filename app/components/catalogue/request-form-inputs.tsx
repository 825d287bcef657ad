import { useId } from "react";
import { FieldError, SelectField, TextAreaField, TextField } from "../forms";
import { ANSWER_PREFIX, type RequestFormField } from "~/modules/catalogue/request-form";

export type FormField = RequestFormField & { id: string; help_text: string };

/**
 * A request type's form as a customer sees it: one input per field, named `answers.<key>`, with
 * the answers and errors of the last submission. Used by the catalogue preview and ticket intake.
 */
export function RequestFormInputs({
  fields,
  errors = {},
  values = {},
}: {
  fields: FormField[];
  errors?: Record<string, string>;
  values?: Record<string, string[]>;
}) {
  return (
    <div className="flex flex-col gap-4">
      {fields.map((field) => (
        <RequestFormInput
          key={field.id}
          field={field}
          error={errors[field.key]}
          value={values[field.key] ?? []}
        />
      ))}
    </div>
  );
}

function RequestFormInput({
  field,
  error,
  value,
}: {
  field: FormField;
  error?: string;
  value: string[];
}) {
  const id = useId();
  const name = `${ANSWER_PREFIX}${field.key}`;
  const label = field.required ? `${field.label} (required)` : field.label;
  const common = {
    name,
    label,
    error,
    hint: field.help_text || undefined,
    required: field.required,
  };
  switch (field.kind) {
    case "text":
      return <TextField {...common} defaultValue={value[0] ?? ""} />;
    case "long_text":
      return <TextAreaField {...common} rows={4} defaultValue={value[0] ?? ""} />;
    case "number":
      return <TextField {...common} inputMode="decimal" defaultValue={value[0] ?? ""} />;
    case "date":
      return <TextField {...common} type="date" defaultValue={value[0] ?? ""} />;
    case "single_choice":
      return (
        <SelectField {...common} defaultValue={value[0] ?? ""}>
          <option value="">— choose —</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      );
    case "multiple_choice":
      return (
        <fieldset
          aria-describedby={
            [field.help_text ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim() ||
            undefined
          }
        >
          <legend className="text-sm font-medium text-slate-800">{label}</legend>
          <div className="mt-1 flex flex-col gap-1">
            {field.options.map((option) => (
              <label key={option} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={name}
                  value={option}
                  defaultChecked={value.includes(option)}
                  className="h-4 w-4 rounded border-slate-300"
                />
                {option}
              </label>
            ))}
          </div>
          {field.help_text ? (
            <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
              {field.help_text}
            </p>
          ) : null}
          <FieldError id={`${id}-error`} error={error} />
        </fieldset>
      );
  }
}
