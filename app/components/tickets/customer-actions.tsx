import type { TicketDetail } from "~/modules/tickets/get-ticket.server";
import { AppForm, Button, FieldError, TextAreaField } from "../forms";
import { OutcomeMessages, outcomeFor, type Outcome } from "./outcome";

const RATINGS = [
  { value: 1, label: "Very poor" },
  { value: 2, label: "Poor" },
  { value: 3, label: "OK" },
  { value: 4, label: "Good" },
  { value: 5, label: "Excellent" },
];

function Reopen({ outcome, resolved }: { outcome: Outcome; resolved: boolean }) {
  const result = outcomeFor(outcome, "reopen");
  return (
    <details open={Boolean(result.failure)} className="rounded-md border border-slate-200 p-3">
      <summary className="cursor-pointer text-sm font-medium">
        {resolved ? "No, it is not fixed: reopen" : "Reopen this ticket"}
      </summary>
      <AppForm className="mt-3 flex flex-col gap-3" noValidate preventScrollReset>
        <input type="hidden" name="intent" value="reopen" />
        <OutcomeMessages result={result} />
        <TextAreaField
          label="What is still wrong? (optional)"
          name="note"
          rows={3}
          maxLength={20_000}
          defaultValue={result.values.note}
          error={result.errors.note ?? result.errors.status}
        />
        <div>
          <Button variant="secondary">Reopen ticket</Button>
        </div>
      </AppForm>
    </details>
  );
}

function Rating({ ticket, outcome }: { ticket: TicketDetail; outcome: Outcome }) {
  const result = outcomeFor(outcome, "rate");
  const current = Number(result.values.rating ?? ticket.rating ?? 0);
  return (
    <AppForm className="flex flex-col gap-3" noValidate preventScrollReset key={result.formKey}>
      <input type="hidden" name="intent" value="rate" />
      <OutcomeMessages result={result} />
      <fieldset aria-describedby={result.errors.rating ? "rating-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">
          {ticket.rating
            ? `Your rating: ${ticket.rating} out of 5. Change it?`
            : "How well was this resolved?"}
        </legend>
        <div className="mt-2 grid grid-cols-5 gap-1 sm:gap-2">
          {RATINGS.map((r) => (
            <label
              key={r.value}
              className="flex cursor-pointer flex-col items-center rounded-md border border-slate-300 bg-white px-1 py-2 text-center text-xs has-[:checked]:border-[var(--accent)] has-[:checked]:ring-2 has-[:checked]:ring-[var(--accent)] has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-[var(--accent)]"
            >
              <input
                type="radio"
                name="rating"
                value={r.value}
                defaultChecked={current === r.value}
                className="sr-only"
              />
              <span className="text-lg font-semibold" aria-hidden="true">
                {r.value}
              </span>
              <span>
                <span className="sr-only">{r.value} – </span>
                {r.label}
              </span>
            </label>
          ))}
        </div>
        <FieldError id="rating-error" error={result.errors.rating} />
      </fieldset>
      <TextAreaField
        label="Comment (optional)"
        name="comment"
        rows={2}
        maxLength={2000}
        defaultValue={result.values.comment ?? ticket.ratingComment ?? ""}
        error={result.errors.comment}
      />
      <div>
        <Button variant="secondary">{ticket.rating ? "Update rating" : "Send rating"}</Button>
      </div>
    </AppForm>
  );
}

/** What a customer can do once support has resolved their ticket: confirm, reopen, rate. */
export function CustomerActions({ ticket, outcome }: { ticket: TicketDetail; outcome: Outcome }) {
  const confirm = outcomeFor(outcome, "confirm");
  const resolved = ticket.status === "resolved";
  const closed = ticket.status === "closed";
  if (!resolved && !closed && !ticket.allowed.rate) return null;
  return (
    <section
      aria-labelledby="resolution-heading"
      className="flex flex-col gap-4 rounded-lg border border-green-300 bg-white p-4 sm:p-6"
    >
      <h2 id="resolution-heading" className="text-lg font-semibold">
        {resolved ? "Is it fixed?" : "Resolution"}
      </h2>
      {resolved ? (
        <AppForm className="flex flex-col gap-2" preventScrollReset>
          <input type="hidden" name="intent" value="confirm" />
          <OutcomeMessages result={confirm} />
          <p className="text-sm text-slate-700">
            Support has marked this ticket resolved. Confirm it to close the ticket, or reopen it if
            the problem is still there.
          </p>
          <div>
            <Button>Confirm resolution</Button>
          </div>
        </AppForm>
      ) : (
        <>
          <OutcomeMessages result={confirm} />
          <p className="text-sm text-slate-700">This ticket is closed.</p>
        </>
      )}
      {ticket.allowed.statuses.includes("in_progress") ? (
        <Reopen outcome={outcome} resolved={resolved} />
      ) : null}
      {ticket.allowed.rate ? <Rating ticket={ticket} outcome={outcome} /> : null}
    </section>
  );
}
