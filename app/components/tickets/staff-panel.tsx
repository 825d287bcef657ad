import type { TicketDetail } from "~/modules/tickets/get-ticket.server";
import {
  IMPACT_HELP,
  LEVEL_LABELS,
  PRIORITY_LABELS,
  TICKET_PRIORITIES,
  TICKET_STATUS_LABELS,
  type TicketPriority,
  type TicketStatus,
} from "~/modules/tickets/constants";
import { AppForm, Button, SelectField, TextAreaField } from "../forms";
import { OutcomeMessages, outcomeFor, type Outcome } from "./outcome";
import type { WordsOptions } from "./sla-words";
import { StatusBadge } from "./ticket-badges";
import { LinksForm } from "./links-panel";
import { MajorIncidentForm, OutageForm } from "./incident-panel";

type Option = { id: string; name: string };
export type StaffOptions = {
  me: string;
  agents: Option[];
  groups: Array<Option & { memberIds: string[] }>;
  services: Option[];
};

function statusButton(from: TicketStatus, to: TicketStatus) {
  if (to === "in_progress")
    return from === "new"
      ? "Start work"
      : from === "awaiting_customer"
        ? "Back in progress"
        : "Reopen";
  if (to === "awaiting_customer") return "Wait for customer";
  if (to === "resolved") return "Resolve";
  return "Close";
}

export function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function StatusForm({ ticket, outcome }: { ticket: TicketDetail; outcome: Outcome }) {
  const result = outcomeFor(outcome, "status");
  if (!ticket.allowed.statuses.length) return null;
  return (
    <Panel title="Status">
      <AppForm className="flex flex-col gap-3" noValidate preventScrollReset key={result.formKey}>
        <input type="hidden" name="intent" value="status" />
        <OutcomeMessages result={result} />
        <p className="text-sm">
          Now: <StatusBadge status={ticket.status} />
        </p>
        <TextAreaField
          label="Note for the customer (optional)"
          name="note"
          rows={2}
          hint="Shown on the public timeline with the change, e.g. how it was resolved."
          defaultValue={result.values.note}
          error={result.errors.note ?? result.errors.status}
        />
        <div className="flex flex-wrap gap-2">
          {ticket.allowed.statuses.map((s) => (
            <Button
              key={s}
              name="status"
              value={s}
              variant={s === "resolved" ? "primary" : "secondary"}
              aria-label={`${statusButton(ticket.status, s)} (status ${TICKET_STATUS_LABELS[s].toLowerCase()})`}
            >
              {statusButton(ticket.status, s)}
            </Button>
          ))}
        </div>
      </AppForm>
    </Panel>
  );
}

function AssignForm({
  ticket,
  staff,
  outcome,
}: {
  ticket: TicketDetail;
  staff: StaffOptions;
  outcome: Outcome;
}) {
  const result = outcomeFor(outcome, "assign");
  return (
    <Panel title="Assignment">
      <AppForm className="flex flex-col gap-3" noValidate preventScrollReset key={result.formKey}>
        <input type="hidden" name="intent" value="assign" />
        <OutcomeMessages result={result} />
        <SelectField
          label="Agent"
          name="assigneeMembershipId"
          defaultValue={result.values.assigneeMembershipId ?? ticket.assigneeMembershipId ?? ""}
          error={result.errors.assigneeMembershipId}
        >
          <option value="">Nobody</option>
          {staff.agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
              {a.id === staff.me ? " (me)" : ""}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Group"
          name="groupId"
          defaultValue={result.values.groupId ?? ticket.groupId ?? ""}
          error={result.errors.groupId}
        >
          <option value="">No group</option>
          {staff.groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </SelectField>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary">Save assignment</Button>
        </div>
      </AppForm>
      {ticket.assigneeMembershipId !== staff.me ? (
        <AppForm className="mt-2" preventScrollReset>
          <input type="hidden" name="intent" value="assign" />
          <input type="hidden" name="assigneeMembershipId" value={staff.me} />
          <input
            type="hidden"
            name="groupId"
            value={
              ticket.groupId &&
              staff.groups.find((g) => g.id === ticket.groupId)?.memberIds.includes(staff.me)
                ? ticket.groupId
                : ""
            }
          />
          <button type="submit" className="text-sm font-medium text-blue-700 hover:underline">
            Assign to me
          </button>
        </AppForm>
      ) : null}
    </Panel>
  );
}

function PriorityForm({ ticket, outcome }: { ticket: TicketDetail; outcome: Outcome }) {
  const result = outcomeFor(outcome, "priority");
  const raised = ticket.events.find((e) => e.kind === "created");
  const suggested = Number(raised?.data.priority ?? 0) as TicketPriority;
  return (
    <Panel title="Priority">
      <p className="text-sm">
        {PRIORITY_LABELS[ticket.priority]}
        {ticket.priorityOverrideReason ? (
          <span className="block text-xs text-slate-600">
            Overridden: {ticket.priorityOverrideReason}
          </span>
        ) : null}
      </p>
      {ticket.kind === "incident" && PRIORITY_LABELS[suggested] ? (
        <p className="mt-1 text-xs text-slate-600" title={`${IMPACT_HELP[ticket.impact]}`}>
          {LEVEL_LABELS[ticket.impact]} impact × {LEVEL_LABELS[ticket.urgency].toLowerCase()}{" "}
          urgency suggests {PRIORITY_LABELS[suggested]} (the priority matrix when it was raised).
        </p>
      ) : null}
      <details open={Boolean(result.failure || result.success)} className="mt-2">
        <summary className="cursor-pointer text-sm font-medium text-blue-700">
          Change priority
        </summary>
        <AppForm
          className="mt-2 flex flex-col gap-3"
          noValidate
          preventScrollReset
          key={result.formKey}
        >
          <input type="hidden" name="intent" value="priority" />
          <OutcomeMessages result={result} />
          <SelectField
            label="New priority"
            name="priority"
            defaultValue={result.values.priority ?? String(ticket.priority)}
            error={result.errors.priority}
          >
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
                {p === suggested ? " (suggested)" : ""}
              </option>
            ))}
          </SelectField>
          <TextAreaField
            label="Reason (required)"
            name="reason"
            rows={2}
            maxLength={500}
            required
            defaultValue={result.values.reason}
            error={result.errors.reason}
            hint="Recorded for audits. The SLA targets restart from the new priority's."
          />
          <div>
            <Button variant="secondary">Change priority</Button>
          </div>
        </AppForm>
      </details>
    </Panel>
  );
}

/** The service desk's controls for one ticket. */
export function StaffPanel({
  ticket,
  staff,
  outcome,
  words,
  base,
}: {
  ticket: TicketDetail;
  staff: StaffOptions;
  outcome: Outcome;
  words: WordsOptions;
  base: string;
}) {
  return (
    <>
      <StatusForm ticket={ticket} outcome={outcome} />
      {ticket.allowed.assign ? (
        <AssignForm ticket={ticket} staff={staff} outcome={outcome} />
      ) : null}
      {ticket.allowed.priority ? <PriorityForm ticket={ticket} outcome={outcome} /> : null}
      {ticket.allowed.majorIncident || ticket.allowed.outage ? (
        <Panel title="Incident">
          <div className="flex flex-col gap-3">
            {ticket.allowed.majorIncident ? (
              <MajorIncidentForm ticket={ticket} outcome={outcome} />
            ) : null}
            {ticket.allowed.outage ? (
              <OutageForm ticket={ticket} staff={staff} outcome={outcome} words={words} />
            ) : null}
          </div>
        </Panel>
      ) : null}
      {ticket.allowed.link ? <LinksForm ticket={ticket} outcome={outcome} base={base} /> : null}
    </>
  );
}
