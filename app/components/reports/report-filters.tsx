import { Form } from "@remix-run/react";
import { Button, SelectField, TextField } from "~/components/forms";
import { PRIORITY_NAMES } from "~/modules/reports/format";

export type FilterValues = Record<string, string | undefined>;

/** The report's filters: a GET form, so every report has a URL to bookmark and share. */
export function ReportFilters({
  values,
  errors,
  customers,
  services,
  showCustomer,
}: {
  values: FilterValues;
  errors: Record<string, string>;
  customers: Array<{ id: string; name: string }>;
  services: Array<{ id: string; name: string }>;
  showCustomer: boolean;
}) {
  return (
    <Form
      method="get"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      aria-label="Report filters"
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label="Period"
          name="period"
          defaultValue={values.period ?? "month"}
          error={errors.period}
        >
          <option value="month">Month</option>
          <option value="quarter">Quarter</option>
          <option value="custom">Custom range</option>
        </SelectField>
        <TextField
          label="Month"
          name="month"
          type="month"
          defaultValue={values.month}
          error={errors.month}
          hint="For a monthly report, e.g. 2026-03."
        />
        <TextField
          label="Quarter"
          name="quarter"
          defaultValue={values.quarter}
          error={errors.quarter}
          placeholder="2026-Q1"
          hint="For a quarterly report."
        />
        <div className="grid grid-cols-2 gap-2">
          <TextField
            label="From"
            name="from"
            type="date"
            defaultValue={values.from}
            error={errors.from}
          />
          <TextField label="To" name="to" type="date" defaultValue={values.to} error={errors.to} />
        </div>
        {showCustomer ? (
          <SelectField
            label="Customer"
            name="customer"
            defaultValue={values.customer ?? ""}
            error={errors.customer}
          >
            <option value="">All customers</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField
          label="Service"
          name="service"
          defaultValue={values.service ?? ""}
          error={errors.service}
        >
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Priority"
          name="priority"
          defaultValue={values.priority ?? ""}
          error={errors.priority}
        >
          <option value="">All priorities</option>
          {[1, 2, 3, 4].map((p) => (
            <option key={p} value={p}>
              {PRIORITY_NAMES[p]}
            </option>
          ))}
        </SelectField>
        <div className="flex items-end">
          <Button>Show report</Button>
        </div>
      </div>
    </Form>
  );
}
