import { CheckboxField, SelectField, TextAreaField, TextField } from "~/components/forms";
import { TIER_ROWS } from "~/modules/sla/schemas";
import { PAUSABLE_STATUSES, PRIORITIES, TICKET_STATUS_LABELS } from "~/modules/sla/statuses";
import { TARGET_UNIT_LABELS, TARGET_UNITS } from "~/modules/sla/units";

export type PolicyCalendarOption = { id: string; name: string; dayMinutes: number | null };

function dayLength(minutes: number | null) {
  if (minutes === null) return "working days differ in length: use hours";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `business day = ${h} h${m ? ` ${m} min` : ""}`;
}

/** Every term of an SLA policy version; creating a policy and editing it (a new version) share it. */
export function PolicyFields({
  values,
  errors,
  calendars,
  isEdit,
}: {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  calendars: PolicyCalendarOption[];
  isEdit: boolean;
}) {
  const text = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v.join(",") : (v ?? "");
  };
  const paused = new Set(
    Array.isArray(values.pauseStatuses)
      ? values.pauseStatuses
      : text("pauseStatuses").split(",").filter(Boolean),
  );
  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={120}
          defaultValue={text("name")}
          error={errors.name}
        />
        <SelectField
          label="Business calendar"
          name="calendarId"
          defaultValue={text("calendarId")}
          error={errors.calendarId}
          hint="SLA clocks only run during this calendar's business hours."
        >
          {calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({dayLength(c.dayMinutes)})
            </option>
          ))}
        </SelectField>
      </div>

      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-800">
          Targets and credits per priority
        </legend>
        <p className="mb-3 text-xs text-slate-500">
          Targets count business time of the calendar. The credit per breach is an amount in the
          contract&apos;s currency.
        </p>
        <div className="flex flex-col gap-4">
          {PRIORITIES.map((p, i) => {
            const n = i + 1;
            return (
              <div
                key={p}
                className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-5"
              >
                <TextField
                  label={`${p} first response`}
                  name={`p${n}ResponseValue`}
                  inputMode="numeric"
                  defaultValue={text(`p${n}ResponseValue`)}
                  error={errors[`p${n}ResponseValue`]}
                />
                <SelectField
                  label={`${p} response unit`}
                  name={`p${n}ResponseUnit`}
                  defaultValue={text(`p${n}ResponseUnit`) || "minutes"}
                  error={errors[`p${n}ResponseUnit`]}
                >
                  {TARGET_UNITS.map((u) => (
                    <option key={u} value={u}>
                      {TARGET_UNIT_LABELS[u]}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  label={`${p} resolution`}
                  name={`p${n}ResolutionValue`}
                  inputMode="numeric"
                  defaultValue={text(`p${n}ResolutionValue`)}
                  error={errors[`p${n}ResolutionValue`]}
                />
                <SelectField
                  label={`${p} resolution unit`}
                  name={`p${n}ResolutionUnit`}
                  defaultValue={text(`p${n}ResolutionUnit`) || "hours"}
                  error={errors[`p${n}ResolutionUnit`]}
                >
                  {TARGET_UNITS.map((u) => (
                    <option key={u} value={u}>
                      {TARGET_UNIT_LABELS[u]}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  label={`${p} credit per breach`}
                  name={`p${n}BreachCredit`}
                  inputMode="decimal"
                  defaultValue={text(`p${n}BreachCredit`)}
                  error={errors[`p${n}BreachCredit`]}
                />
              </div>
            );
          })}
        </div>
      </fieldset>

      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-800">
          Statuses that pause the clocks
        </legend>
        <div className="flex flex-col gap-2">
          {PAUSABLE_STATUSES.map((s) => (
            <CheckboxField
              key={s}
              label={TICKET_STATUS_LABELS[s]}
              name="pauseStatuses"
              value={s}
              defaultChecked={paused.has(s)}
            />
          ))}
        </div>
        {errors.pauseStatuses ? (
          <p className="mt-1 text-sm text-red-700">⚠ {errors.pauseStatuses}</p>
        ) : null}
      </fieldset>

      <div className="grid gap-4 md:grid-cols-3">
        <TextField
          label="Warning threshold (%)"
          name="warningPercent"
          inputMode="numeric"
          defaultValue={text("warningPercent")}
          error={errors.warningPercent}
          hint="Warn when this share of a target has elapsed (1–99)."
        />
        <TextField
          label="Monthly availability target (%)"
          name="availabilityTarget"
          inputMode="decimal"
          defaultValue={text("availabilityTarget")}
          error={errors.availabilityTarget}
          hint="For example 99.95."
        />
        <TextField
          label="Credit cap (% of monthly fee)"
          name="creditCapPercent"
          inputMode="decimal"
          defaultValue={text("creditCapPercent")}
          error={errors.creditCapPercent}
          hint="0–100."
        />
      </div>

      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-800">Service-credit tiers</legend>
        <p className="mb-3 text-xs text-slate-500">
          Monthly availability below the threshold earns the credit (% of the monthly fee); the
          lowest tier reached applies. Thresholds decrease and credits increase down the list; leave
          unused rows empty.
        </p>
        <div className="flex flex-col gap-3">
          {Array.from({ length: TIER_ROWS }, (_, i) => (
            <div key={i} className="grid gap-3 sm:grid-cols-2">
              <TextField
                label={`Tier ${i + 1}: availability below (%)`}
                name={`tier${i + 1}Below`}
                inputMode="decimal"
                defaultValue={text(`tier${i + 1}Below`)}
                error={errors[`tier${i + 1}Below`]}
              />
              <TextField
                label={`Tier ${i + 1}: credit (% of monthly fee)`}
                name={`tier${i + 1}Percent`}
                inputMode="decimal"
                defaultValue={text(`tier${i + 1}Percent`)}
                error={errors[`tier${i + 1}Percent`]}
              />
            </div>
          ))}
        </div>
      </fieldset>

      <TextAreaField
        label={isEdit ? "What changed, and why" : "Note"}
        name="changeNote"
        maxLength={500}
        defaultValue={text("changeNote")}
        error={errors.changeNote}
        hint={isEdit ? "Saved with the new version for the audit trail (optional)." : "Optional."}
      />
    </div>
  );
}
