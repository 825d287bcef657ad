import type { TicketDetail } from "~/modules/tickets/get-ticket.server";
import { LINK_RELATION_LABELS, LINK_RELATIONS } from "~/modules/tickets/constants";
import { AppForm, Button, SelectField, TextField } from "../forms";
import { OutcomeMessages, outcomeFor, type Outcome } from "./outcome";
import { Panel } from "./staff-panel";
import { StatusBadge } from "./ticket-badges";

export function LinksForm({
  ticket,
  outcome,
  base,
}: {
  ticket: TicketDetail;
  outcome: Outcome;
  base: string;
}) {
  const result = outcomeFor(outcome, "link");
  return (
    <Panel title="Linked tickets">
      {ticket.links.length ? (
        <ul className="mb-3 flex flex-col gap-1 text-sm">
          {ticket.links.map((l) => (
            <li key={l.id}>
              <span className="text-slate-600">
                {l.direction === "outgoing"
                  ? LINK_RELATION_LABELS[l.relation]
                  : `${LINK_RELATION_LABELS[l.relation]} (from)`}
              </span>{" "}
              <a href={`${base}/tickets/${l.number}`}>{l.number}</a> {l.subject}{" "}
              <StatusBadge status={l.status} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-3 text-sm text-slate-600">No linked tickets.</p>
      )}
      <AppForm className="flex flex-col gap-3" noValidate preventScrollReset key={result.formKey}>
        <input type="hidden" name="intent" value="link" />
        <OutcomeMessages result={result} />
        <div className="grid grid-cols-2 gap-2">
          <SelectField
            label="Relation"
            name="relation"
            defaultValue={result.values.relation ?? "relates_to"}
            error={result.errors.relation}
          >
            {LINK_RELATIONS.map((r) => (
              <option key={r} value={r}>
                {LINK_RELATION_LABELS[r]}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Ticket number"
            name="otherNumber"
            placeholder="INC-000042"
            defaultValue={result.values.otherNumber}
            error={result.errors.otherNumber}
          />
        </div>
        <div>
          <Button variant="secondary">Link ticket</Button>
        </div>
      </AppForm>
    </Panel>
  );
}
