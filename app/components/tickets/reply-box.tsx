import { useState } from "react";
import type { TicketDetail } from "~/modules/tickets/get-ticket.server";
import { AppForm, Button } from "../forms";
import { AttachmentsField, blockRefusedUploads } from "./attachments-field";
import { MarkdownField } from "./markdown-field";
import { OutcomeMessages, outcomeFor, type Outcome } from "./outcome";

/**
 * Reply box. Staff choose between a public reply (the customer sees and is emailed it) and an
 * internal note (staff only), and the box says which one it is in words and colour.
 */
export function ReplyBox({ ticket, outcome }: { ticket: TicketDetail; outcome: Outcome }) {
  const result = outcomeFor(outcome, "reply", "note");
  const [mode, setMode] = useState<"reply" | "note">(
    result.values.intent === "note" ? "note" : ticket.allowed.reply ? "reply" : "note",
  );
  const both = ticket.allowed.reply && ticket.allowed.note;
  const internal = mode === "note";
  return (
    <section
      aria-labelledby="reply-heading"
      className={`rounded-lg border p-4 sm:p-6 ${internal ? "border-amber-300 bg-amber-50/60" : "border-slate-200 bg-white"}`}
    >
      <h2 id="reply-heading" className="mb-3 text-lg font-semibold">
        {both ? "Add to the ticket" : internal ? "Add an internal note" : "Reply"}
      </h2>
      <AppForm
        encType="multipart/form-data"
        className="flex flex-col gap-4"
        noValidate
        key={result.formKey}
        onSubmit={blockRefusedUploads}
        preventScrollReset
      >
        <OutcomeMessages result={result} />
        {!ticket.allowed.note && ticket.status === "awaiting_customer" ? (
          <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Support is waiting for your answer. The service level clock is paused until you reply.
          </p>
        ) : null}
        {both ? (
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Who can see it?</legend>
            <div className="mt-1 flex flex-col gap-2 sm:flex-row">
              <label className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-300 bg-white p-2 text-sm has-[:checked]:border-[var(--accent)] has-[:checked]:ring-1 has-[:checked]:ring-[var(--accent)]">
                <input
                  type="radio"
                  name="intent"
                  value="reply"
                  checked={mode === "reply"}
                  onChange={() => setMode("reply")}
                  className="mt-0.5 accent-[var(--accent)]"
                />
                <span>
                  <span className="block font-medium">Public reply</span>
                  <span className="block text-xs text-slate-600">
                    The customer sees it and gets an email
                  </span>
                </span>
              </label>
              <label className="flex cursor-pointer items-start gap-2 rounded-md border border-amber-300 bg-white p-2 text-sm has-[:checked]:border-amber-500 has-[:checked]:ring-1 has-[:checked]:ring-amber-500">
                <input
                  type="radio"
                  name="intent"
                  value="note"
                  checked={mode === "note"}
                  onChange={() => setMode("note")}
                  className="mt-0.5 accent-[var(--accent)]"
                />
                <span>
                  <span className="block font-medium">Internal note</span>
                  <span className="block text-xs text-slate-600">
                    Staff only; the customer never sees it
                  </span>
                </span>
              </label>
            </div>
          </fieldset>
        ) : (
          <input type="hidden" name="intent" value={mode} />
        )}
        <MarkdownField
          label={internal ? "Internal note (staff only)" : "Your reply"}
          name="body"
          required
          rows={5}
          tone={internal ? "internal" : "plain"}
          defaultValue={result.values.body ?? ""}
          error={result.errors.body}
        />
        <AttachmentsField error={result.errors.attachments} />
        <div>
          <Button className={internal ? "bg-amber-700!" : ""}>
            {internal ? "Add internal note" : "Send reply"}
          </Button>
        </div>
      </AppForm>
    </section>
  );
}
