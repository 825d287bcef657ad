import { SelectField, TextField } from "~/components/forms";
import { WEEKDAYS } from "~/modules/sla/calendar-rules";

/** Name, IANA time zone and the weekly windows of a business calendar (create and edit share it). */
export function CalendarFields({
  values,
  errors,
  timeZones,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  timeZones: string[];
}) {
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={120}
          defaultValue={values.name}
          error={errors.name}
        />
        <SelectField
          label="Time zone"
          name="timeZone"
          defaultValue={values.timeZone || "Europe/London"}
          error={errors.timeZone}
          hint="Business hours and holidays are local times in this zone, including daylight saving changes."
        >
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset className="flex flex-col gap-3">
        <legend className="text-sm font-semibold text-slate-800">Business hours per day</legend>
        <p className="text-xs text-slate-500">
          Windows as HH:MM-HH:MM, several separated by commas (09:00-12:00, 13:00-17:30). A window
          ending at or before its start runs overnight into the next day (22:00-06:00). Leave a day
          empty when it is closed.
        </p>
        <div className="grid gap-3 md:grid-cols-2">
          {WEEKDAYS.map((d) => (
            <TextField
              key={d.field}
              label={d.long}
              name={d.field}
              defaultValue={values[d.field] ?? ""}
              error={errors[d.field]}
              placeholder="closed"
            />
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Form values for a stored calendar. */
export function calendarFormValues(calendar: {
  name: string;
  time_zone: string;
  weekly: Record<string, Array<[string, string]>>;
}) {
  const values: Record<string, string> = { name: calendar.name, timeZone: calendar.time_zone };
  for (const d of WEEKDAYS)
    values[d.field] = (calendar.weekly[String(d.day)] ?? [])
      .map(([s, e]) => `${s}-${e}`)
      .join(", ");
  return values;
}
