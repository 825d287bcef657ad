import {
  AppForm,
  Button,
  FormError,
  SelectField,
  TextAreaField,
  TextField,
  type FormFailureData,
} from "~/components/forms";

/** Scheduling a review: customer, period (the pack freezes its figures) and meeting date. */
export function ScheduleReviewForm({
  customers,
  failure,
  defaults,
}: {
  customers: Array<{ id: string; name: string }>;
  failure: FormFailureData | null;
  defaults: { periodStart: string; periodEnd: string; meetingOn: string };
}) {
  const v = failure?.values ?? {};
  const e = failure?.fieldErrors ?? {};
  return (
    <AppForm className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="intent" value="create" />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <SelectField
          label="Customer"
          name="customerId"
          defaultValue={v.customerId ?? ""}
          error={e.customerId}
          required
        >
          <option value="">Choose a customer</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Title"
          name="title"
          required
          maxLength={200}
          defaultValue={v.title}
          error={e.title}
          placeholder="Monthly service review"
        />
        <TextField
          label="Period start"
          name="periodStart"
          type="date"
          required
          defaultValue={v.periodStart ?? defaults.periodStart}
          error={e.periodStart}
        />
        <TextField
          label="Period end"
          name="periodEnd"
          type="date"
          required
          defaultValue={v.periodEnd ?? defaults.periodEnd}
          error={e.periodEnd}
          hint="The pack freezes this period's figures, so it must have ended."
        />
        <TextField
          label="Meeting date"
          name="meetingOn"
          type="date"
          required
          defaultValue={v.meetingOn ?? defaults.meetingOn}
          error={e.meetingOn}
        />
      </div>
      <TextAreaField
        label="Agenda"
        name="agenda"
        defaultValue={v.agenda}
        error={e.agenda}
        rows={3}
      />
      <TextAreaField
        label="Attendees"
        name="attendees"
        defaultValue={v.attendees}
        error={e.attendees}
        rows={2}
        hint="One per line."
      />
      <FormError error={failure?.formError} />
      <div>
        <Button>Schedule review</Button>
      </div>
    </AppForm>
  );
}
