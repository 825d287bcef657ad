import { SelectField, TextField, type FormFailureData } from "~/components/forms";

type Initial = { serviceId: string; startsAt: string; endsAt: string; description: string };

/** The fields of a maintenance window (times are UTC: datetime-local values read as UTC). */
export function MaintenanceWindowFields({
  services,
  failure,
  initial,
}: {
  services: Array<{ id: string; name: string }>;
  failure: FormFailureData | null;
  initial?: Initial;
}) {
  const value = (key: keyof Initial) => failure?.values?.[key] ?? initial?.[key] ?? "";
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <SelectField
        label="Service"
        name="serviceId"
        defaultValue={value("serviceId")}
        error={failure?.fieldErrors.serviceId}
      >
        <option value="">Choose a service</option>
        {services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Description"
        name="description"
        defaultValue={value("description")}
        error={failure?.fieldErrors.description}
      />
      <TextField
        label="Start (UTC)"
        name="startsAt"
        type="datetime-local"
        defaultValue={value("startsAt")}
        error={failure?.fieldErrors.startsAt}
      />
      <TextField
        label="End (UTC)"
        name="endsAt"
        type="datetime-local"
        defaultValue={value("endsAt")}
        error={failure?.fieldErrors.endsAt}
      />
    </div>
  );
}
