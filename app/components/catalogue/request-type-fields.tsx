import { TextAreaField, TextField, type FormFailureData } from "../forms";

/** The inputs of the add-request-type and edit-request-type forms. */
export function RequestTypeFields({
  requestType,
  failure,
}: {
  requestType?: { name: string; description: string };
  failure: FormFailureData | null;
}) {
  return (
    <>
      <TextField
        label="Request type name"
        name="name"
        required
        maxLength={120}
        defaultValue={failure?.values?.name ?? requestType?.name ?? ""}
        error={failure?.fieldErrors.name}
      />
      <TextAreaField
        label="Request type description"
        name="description"
        maxLength={2000}
        rows={2}
        hint="Shown to customers when they choose what to ask for."
        defaultValue={failure?.values?.description ?? requestType?.description ?? ""}
        error={failure?.fieldErrors.description}
      />
    </>
  );
}
