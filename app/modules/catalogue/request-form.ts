/**
 * A request type's form as the customer fills it in: the field kinds, how a field's key is derived
 * from its label, and `validateRequestAnswers`, which checks submitted answers against the fields.
 * Pure (no server imports) so the browser preview, the catalogue admin and the ticket intake all
 * apply exactly the same rules.
 */

export const FIELD_KINDS = [
  "text",
  "long_text",
  "number",
  "date",
  "single_choice",
  "multiple_choice",
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const FIELD_KIND_LABELS: Record<FieldKind, string> = {
  text: "Short text",
  long_text: "Long text",
  number: "Number",
  date: "Date",
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
};

export const CHOICE_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>([
  "single_choice",
  "multiple_choice",
]);

export function isChoiceKind(kind: FieldKind) {
  return CHOICE_KINDS.has(kind);
}

/** Longest answer accepted for each free-text kind. */
export const ANSWER_MAX_LENGTH = { text: 500, long_text: 10_000 } as const;

export const FIELD_KEY_MAX_LENGTH = 40;

/** What validation needs to know about a field (a subset of a request_type_fields row). */
export type RequestFormField = {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options: readonly string[];
};

/** Raw answers as a form submits them: one string, or several for multiple choice. */
export type RequestAnswers = Record<string, string | readonly string[] | null | undefined>;

/** Answers after validation: trimmed text, numbers as numbers, dates as YYYY-MM-DD, choices as given. */
export type RequestAnswerValue = string | number | string[] | null;

export type RequestAnswersResult =
  | { ok: true; values: Record<string, RequestAnswerValue> }
  | { ok: false; errors: Record<string, string> };

/**
 * Derives a stable snake_case key from a label ("Node count" → "node_count"), unique among `taken`
 * (a suffix _2, _3 … is added). Keys match ^[a-z][a-z0-9_]{0,39}$, the database's rule.
 */
export function fieldKeyFromLabel(label: string, taken: Iterable<string> = []) {
  const used = new Set(taken);
  let base = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!/^[a-z]/.test(base)) base = base ? `field_${base}` : "field";
  base = trimKey(base, FIELD_KEY_MAX_LENGTH);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${trimKey(base, FIELD_KEY_MAX_LENGTH - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}

function trimKey(key: string, max: number) {
  return key.slice(0, max).replace(/_+$/, "");
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: string) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which maps years 0–99 to 1900–1999
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function asList(raw: RequestAnswers[string]): string[] {
  if (raw === null || raw === undefined) return [];
  return (typeof raw === "string" ? [raw] : [...raw]).map((v) => v.trim()).filter((v) => v !== "");
}

function validateOne(
  field: RequestFormField,
  raw: RequestAnswers[string],
): { error: string } | { value: RequestAnswerValue } {
  const values = asList(raw);
  if (values.length === 0) {
    return field.required
      ? { error: `${field.label} is required` }
      : { value: field.kind === "multiple_choice" ? [] : null };
  }
  if (field.kind === "multiple_choice") {
    const unknown = values.find((v) => !field.options.includes(v));
    if (unknown !== undefined)
      return { error: `${field.label}: "${unknown}" is not one of the options` };
    return { value: field.options.filter((option) => values.includes(option)) };
  }
  if (values.length > 1) return { error: `${field.label} takes a single answer` };
  const value = values[0]!;
  switch (field.kind) {
    case "text":
    case "long_text": {
      const max = ANSWER_MAX_LENGTH[field.kind];
      return value.length > max
        ? { error: `${field.label} must be at most ${max.toLocaleString("en")} characters` }
        : { value };
    }
    case "number": {
      const number = Number(value);
      if (!NUMBER.test(value) || !Number.isFinite(number))
        return { error: `${field.label} must be a number, like 3 or 2.5` };
      return { value: number };
    }
    case "date":
      return isIsoDate(value)
        ? { value }
        : { error: `${field.label} must be a real date written YYYY-MM-DD` };
    case "single_choice":
      return field.options.includes(value)
        ? { value }
        : { error: `${field.label}: choose one of the options` };
  }
}

/**
 * Checks a customer's answers against a request type's fields: required fields answered, numbers
 * that parse, real YYYY-MM-DD dates, choices among the options. Answers for keys that are not
 * fields are ignored. Errors are keyed by field key, and name the field and the rule.
 */
export function validateRequestAnswers(
  fields: readonly RequestFormField[],
  answers: RequestAnswers,
): RequestAnswersResult {
  const errors: Record<string, string> = {};
  const values: Record<string, RequestAnswerValue> = {};
  for (const field of fields) {
    const result = validateOne(
      field,
      Object.hasOwn(answers, field.key) ? answers[field.key] : undefined,
    );
    if ("error" in result) errors[field.key] = result.error;
    else values[field.key] = result.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}

/** Form inputs of a request form are named `answers.<key>`, so a key can never clash with intent or csrf. */
export const ANSWER_PREFIX = "answers.";

/** Collects the answers for the given fields from a submitted form (a browser FormData or the server's). */
export function answersFromFormData(
  fields: readonly Pick<RequestFormField, "key">[],
  formData: FormData,
): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const field of fields) {
    answers[field.key] = formData
      .getAll(`${ANSWER_PREFIX}${field.key}`)
      .filter((value): value is string => typeof value === "string");
  }
  return answers;
}
