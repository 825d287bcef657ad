import { Form, Link } from "@remix-run/react";
import { Button, CheckboxField, SelectField, TextField } from "../forms";
import {
  PRIORITY_LABELS,
  TICKET_PRIORITIES,
  TICKET_STATUS_LABELS,
  TICKET_STATUSES,
} from "~/modules/tickets/constants";

type Option = { id: string; name: string };

export type QueueFilterValues = {
  status: string;
  priority: string;
  serviceId: string;
  customerId: string;
  assignee: string;
  groupId: string;
  breached: boolean;
  atRisk: boolean;
  q: string;
};

const QUICK_VIEWS = [
  { label: "All open", query: "" },
  { label: "Assigned to me", query: "assignee=me" },
  { label: "Unassigned", query: "assignee=none" },
  { label: "At risk", query: "atRisk=1" },
  { label: "Breached", query: "breached=1" },
] as const;

/**
 * The queue's filters: one-click views, then a GET form (every filtered view is a link an agent
 * can share or bookmark) with the rarer filters folded away.
 */
export function QueueFilters({
  filter,
  options,
  current,
}: {
  filter: QueueFilterValues;
  options: { agents: Option[]; groups: Option[]; services: Option[]; customers: Option[] };
  /** the current search string without the cursor, to mark the quick view in use */
  current: string;
}) {
  const more =
    [filter.priority, filter.serviceId, filter.customerId, filter.groupId].some(Boolean) ||
    (filter.assignee !== "" && filter.assignee !== "me" && filter.assignee !== "none");
  const active =
    [
      filter.priority,
      filter.serviceId,
      filter.customerId,
      filter.assignee,
      filter.groupId,
      filter.q,
    ].some(Boolean) ||
    filter.breached ||
    filter.atRisk ||
    filter.status !== "open";
  return (
    <div className="flex flex-col gap-3">
      <nav aria-label="Quick views" className="flex flex-wrap gap-2">
        {QUICK_VIEWS.map((view) => {
          const on = current === view.query;
          return (
            <Link
              key={view.label}
              to={`?${view.query}`}
              aria-current={on ? "page" : undefined}
              className={`rounded-full border px-3 py-1 text-sm font-medium no-underline hover:no-underline ${
                on
                  ? "border-slate-900 bg-slate-900 text-white"
                  : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"
              }`}
            >
              {view.label}
            </Link>
          );
        })}
      </nav>
      <Form
        method="get"
        role="search"
        aria-label="Filter the queue"
        className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4"
        key={JSON.stringify(filter)}
      >
        <div className="flex flex-col gap-3 md:flex-row md:items-end">
          <div className="flex-1">
            <TextField
              label="Search"
              name="q"
              type="search"
              defaultValue={filter.q}
              placeholder="Subject, description or a number like INC-000042"
            />
          </div>
          <div className="md:w-44">
            <SelectField label="Status" name="status" defaultValue={filter.status}>
              <option value="open">Open</option>
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {TICKET_STATUS_LABELS[s]}
                </option>
              ))}
              <option value="all">Any status</option>
            </SelectField>
          </div>
          <div className="flex items-center gap-3">
            <Button>Apply filters</Button>
            {active ? (
              <Link to="?" className="text-sm">
                Clear
              </Link>
            ) : null}
          </div>
        </div>
        <details open={more} className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-blue-700">
            More filters
          </summary>
          <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
            <SelectField label="Priority" name="priority" defaultValue={filter.priority}>
              <option value="">Any priority</option>
              {TICKET_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </SelectField>
            <SelectField label="Assigned to" name="assignee" defaultValue={filter.assignee}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Unassigned</option>
              {options.agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="Group" name="groupId" defaultValue={filter.groupId}>
              <option value="">Any group</option>
              {options.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="Customer" name="customerId" defaultValue={filter.customerId}>
              <option value="">Any customer</option>
              {options.customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="Service" name="serviceId" defaultValue={filter.serviceId}>
              <option value="">Any service</option>
              {options.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
            <fieldset className="flex flex-col justify-end gap-2 pb-1">
              <legend className="text-sm font-medium text-slate-800">Service level</legend>
              <CheckboxField
                label="Breached"
                name="breached"
                value="1"
                defaultChecked={filter.breached}
              />
              <CheckboxField
                label="At risk"
                name="atRisk"
                value="1"
                defaultChecked={filter.atRisk}
              />
            </fieldset>
          </div>
        </details>
      </Form>
    </div>
  );
}
