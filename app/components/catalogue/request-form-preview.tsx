import { useEffect, useState } from "react";
import { AppForm, Button, FormError, Notice } from "../forms";
import { type FormField, RequestFormInputs } from "./request-form-inputs";
import { answersFromFormData, validateRequestAnswers } from "~/modules/catalogue/request-form";

export type PreviewResult =
  | {
      valid: true;
      answers: Record<string, string[]>;
      values: Record<string, string | number | string[] | null>;
    }
  | { valid: false; answers: Record<string, string[]>; errors: Record<string, string> };

function show(value: string | number | string[] | null) {
  if (value === null || (Array.isArray(value) && value.length === 0)) return "(no answer)";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/**
 * The form exactly as a customer will see it. "Check answers" runs the server's validation; after
 * that, the same rules re-run in the browser as the answers change (where JavaScript runs).
 */
export function RequestFormPreview({
  fields,
  result,
}: {
  fields: FormField[];
  result: PreviewResult | null;
}) {
  const [liveErrors, setLiveErrors] = useState<Record<string, string> | null>(null);
  useEffect(() => setLiveErrors(null), [result]);
  if (fields.length === 0) {
    return (
      <p className="text-sm text-slate-600">Add fields to see the form customers will fill in.</p>
    );
  }
  const errors = liveErrors ?? (result && !result.valid ? result.errors : {});
  const errorCount =
    liveErrors === null && result && !result.valid ? Object.keys(result.errors).length : 0;
  return (
    <AppForm
      className="flex flex-col gap-4"
      noValidate
      key={JSON.stringify(fields)}
      onChange={(event) => {
        if (!result) return;
        const checked = validateRequestAnswers(
          fields,
          answersFromFormData(fields, new FormData(event.currentTarget)),
        );
        setLiveErrors(checked.ok ? {} : checked.errors);
      }}
    >
      <input type="hidden" name="intent" value="preview" />
      {result?.valid && liveErrors === null ? (
        <Notice>
          These answers would be accepted:
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            {fields.map((f) => (
              <div key={f.id} className="contents">
                <dt className="font-medium">{f.label}</dt>
                <dd>{show(result.values[f.key] ?? null)}</dd>
              </div>
            ))}
          </dl>
        </Notice>
      ) : null}
      <FormError
        error={
          errorCount
            ? `${errorCount} answer${errorCount === 1 ? "" : "s"} would be refused; see the messages below.`
            : undefined
        }
      />
      <RequestFormInputs fields={fields} errors={errors} values={result?.answers ?? {}} />
      <div>
        <Button variant="secondary">Check answers</Button>
      </div>
      <p className="text-xs text-slate-500">Checking answers saves nothing.</p>
    </AppForm>
  );
}
