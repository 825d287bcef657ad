import type { TicketDetail } from "~/modules/tickets/get-ticket.server";
import { AppForm, Button, SelectField, TextField } from "../forms";
import { Badge } from "../page";
import { OutcomeMessages, outcomeFor, type Outcome } from "./outcome";
import { toLocalInput, zoneName, type WordsOptions } from "./sla-words";
import type { StaffOptions } from "./staff-panel";

export function MajorIncidentForm({ ticket, outcome }: { ticket: TicketDetail; outcome: Outcome }) {
  const result = outcomeFor(outcome, "major");
  return (
    <AppForm className="flex flex-col gap-2" preventScrollReset>
      <input type="hidden" name="intent" value="major" />
      <input type="hidden" name="majorIncident" value={ticket.majorIncident ? "false" : "true"} />
      <OutcomeMessages result={result} />
      <p className="text-sm">
        {ticket.majorIncident ? <Badge tone="red">Major incident</Badge> : "Not a major incident."}
      </p>
      <div>
        <Button variant={ticket.majorIncident ? "secondary" : "danger"}>
          {ticket.majorIncident ? "Clear major incident" : "Declare major incident"}
        </Button>
      </div>
    </AppForm>
  );
}

export function OutageForm({
  ticket,
  staff,
  outcome,
  words,
}: {
  ticket: TicketDetail;
  staff: StaffOptions;
  outcome: Outcome;
  words: WordsOptions;
}) {
  const result = outcomeFor(outcome, "outage");
  const zone = ticket.timeZone;
  return (
    <details
      open={Boolean(result.failure || result.success || ticket.isOutage)}
      className="border-t border-slate-100 pt-3"
    >
      <summary className="cursor-pointer text-sm font-medium text-blue-700">
        {ticket.isOutage ? "Outage" : "Record an outage"}
      </summary>
      <AppForm
        className="mt-2 flex flex-col gap-3"
        noValidate
        preventScrollReset
        key={result.formKey}
      >
        <input type="hidden" name="intent" value="outage" />
        <input type="hidden" name="timeZone" value={zone} />
        <OutcomeMessages result={result} />
        <SelectField
          label="Affected service"
          name="outageServiceId"
          defaultValue={result.values.outageServiceId ?? ticket.outageServiceId ?? ticket.serviceId}
          error={result.errors.outageServiceId}
        >
          {staff.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Outage start"
          name="outageStart"
          type="datetime-local"
          defaultValue={
            result.values.outageStart ??
            (ticket.outageStart ? toLocalInput(ticket.outageStart, zone) : "")
          }
          error={result.errors.outageStart}
          hint={`${zone} time (${zoneName(zone, words.now)}).`}
        />
        <TextField
          label="Outage end"
          name="outageEnd"
          type="datetime-local"
          defaultValue={
            result.values.outageEnd ??
            (ticket.outageEnd ? toLocalInput(ticket.outageEnd, zone) : "")
          }
          error={result.errors.outageEnd}
          hint="Leave empty while the outage goes on."
        />
        <div>
          <Button variant="secondary">Save outage</Button>
        </div>
      </AppForm>
    </details>
  );
}
