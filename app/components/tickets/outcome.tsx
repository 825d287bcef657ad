import { FormError, Notice, type FormFailureData } from "../forms";

/** What the last ticket form did: a notice on success, or the refusal with its field errors. */
export type Outcome = {
  success: { intent: string; notice: string; id: string } | null;
  failure: FormFailureData | null;
};

/** The outcome, if it came from one of these forms (each form shows only its own messages). */
export function outcomeFor(outcome: Outcome, ...intents: string[]) {
  const success =
    outcome.success && intents.includes(outcome.success.intent) ? outcome.success : null;
  const failure =
    outcome.failure && intents.includes(outcome.failure.values?.intent ?? "")
      ? outcome.failure
      : null;
  return {
    success,
    failure,
    errors: failure?.fieldErrors ?? {},
    values: failure?.values ?? {},
    /**
     * Remounts the form (clearing what was typed) exactly when its own submission succeeded, in the
     * same render that shows the notice — never later, so nothing typed afterwards is thrown away.
     */
    formKey: success?.id ?? "form",
  };
}

export function OutcomeMessages({ result }: { result: ReturnType<typeof outcomeFor> }) {
  return (
    <>
      {result.success ? <Notice>{result.success.notice}</Notice> : null}
      <FormError error={result.failure?.formError} />
    </>
  );
}
