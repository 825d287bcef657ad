import {
  CheckboxField,
  SelectField,
  TextAreaField,
  TextField,
  type FormFailureData,
} from "../forms";
import { FIELD_KIND_LABELS, FIELD_KINDS, type FieldKind } from "~/modules/catalogue/request-form";

export type FieldValues = {
  label: string;
  kind: FieldKind;
  required: boolean;
  help_text: string;
  options: string[];
};

/**
 * The inputs that define one form field. `failure` is only passed to the form that was submitted,
 * so its values and errors come back to the right place.
 */
export function FieldInputs({
  field,
  failure,
  labelSuffix = "",
}: {
  field?: FieldValues;
  failure: FormFailureData | null;
  labelSuffix?: string;
}) {
  const value = (key: string, fallback: string) => failure?.values?.[key] ?? fallback;
  const error = (key: string) => failure?.fieldErrors[key];
  const requiredDefault = failure ? failure.values?.required === "on" : (field?.required ?? false);
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <TextField
        label={`Label${labelSuffix}`}
        name="label"
        required
        maxLength={120}
        defaultValue={value("label", field?.label ?? "")}
        error={error("label")}
      />
      <SelectField
        label={`Kind${labelSuffix}`}
        name="kind"
        defaultValue={value("kind", field?.kind ?? "text")}
        error={error("kind")}
      >
        {FIELD_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {FIELD_KIND_LABELS[kind]}
          </option>
        ))}
      </SelectField>
      <TextField
        label={`Help text${labelSuffix}`}
        name="helpText"
        maxLength={500}
        hint="Shown under the field to the customer."
        defaultValue={value("helpText", field?.help_text ?? "")}
        error={error("helpText")}
      />
      <TextAreaField
        label={`Options${labelSuffix}`}
        name="options"
        rows={3}
        hint="Single and multiple choice only: one option per line, at least 2."
        defaultValue={value("options", field?.options.join("\n") ?? "")}
        error={error("options")}
      />
      <CheckboxField
        label={`Required${labelSuffix}`}
        name="required"
        defaultChecked={requiredDefault}
        error={error("required")}
      />
    </div>
  );
}
