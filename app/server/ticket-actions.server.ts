import { randomUUID } from "node:crypto";
import { data } from "@remix-run/node";
import type { Db } from "../db.server";
import { can } from "../modules/auth/permissions";
import { forbidden, notFound, type Member } from "../modules/auth/require.server";
import { AppError } from "../modules/errors";
import { addInternalNote } from "../modules/tickets/add-internal-note.server";
import { addReply } from "../modules/tickets/add-reply.server";
import { assignTicket } from "../modules/tickets/assign-ticket.server";
import { changePriority } from "../modules/tickets/change-priority.server";
import { changeStatus } from "../modules/tickets/change-status.server";
import { confirmResolution } from "../modules/tickets/confirm-resolution.server";
import {
  PRIORITY_LABELS,
  TICKET_STATUS_LABELS,
  type TicketPriority,
} from "../modules/tickets/constants";
import { linkTickets } from "../modules/tickets/link-tickets.server";
import { rateResolution } from "../modules/tickets/rate-resolution.server";
import { recordOutage } from "../modules/tickets/record-outage.server";
import {
  assignSchema,
  changePrioritySchema,
  changeStatusSchema,
  linkSchema,
  majorIncidentSchema,
  noteSchema,
  outageSchema,
  rateSchema,
  replySchema,
} from "../modules/tickets/schemas";
import { setMajorIncident } from "../modules/tickets/set-major-incident.server";
import { appErrorResponse, parseForm, refuse } from "./forms";
import { uploadedFiles } from "./uploads";

/** In loaders: the ticket modules' "not found" is the 404 page and "forbidden" the 403 page. */
export async function orTicketPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound(error.message);
    if (error instanceof AppError && error.code === "forbidden") throw forbidden(error.message);
    throw error;
  }
}

/** What only the service desk may do on a ticket; refused (403) before the form is even read. */
const STAFF_INTENTS = new Set(["note", "assign", "priority", "major", "outage", "link"]);

/** `id` is new for every success, so the form that sent it can reset itself (see `outcomeFor`). */
export type TicketActionResult = { ok: true; intent: string; notice: string; id: string };

/**
 * The ticket page's forms, multiplexed by `intent`: parse the form with its schema, make one module
 * call, say what happened. Domain errors become the form-failure shape with their status
 * (422 field errors, 403, 404, 409, 413).
 */
export async function ticketAction(db: Db, member: Member, number: string, formData: FormData) {
  const intent = String(formData.get("intent") ?? "");
  const done = (notice: string): TicketActionResult => ({
    ok: true,
    intent,
    notice,
    id: randomUUID(),
  });
  try {
    if (STAFF_INTENTS.has(intent) && !can(member.role, "tickets.work")) {
      throw new AppError("forbidden", "Only the service desk can do that.");
    }
    switch (intent) {
      case "reply":
      case "note": {
        const parsed = parseForm(formData, intent === "reply" ? replySchema : noteSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        const attachments = await uploadedFiles(formData);
        if (intent === "reply") {
          await addReply(db, member, { number, body: parsed.data.body, attachments });
          return done(
            member.role === "customer" ? "Your reply was added." : "Reply sent to the customer.",
          );
        }
        await addInternalNote(db, member, { number, body: parsed.data.body, attachments });
        return done("Internal note added (staff only).");
      }
      case "status": {
        const parsed = parseForm(formData, changeStatusSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await changeStatus(db, member, { number, ...parsed.data });
        return done(`Status changed to ${TICKET_STATUS_LABELS[parsed.data.status].toLowerCase()}.`);
      }
      case "reopen": {
        const parsed = parseForm(formData, changeStatusSchema.omit({ status: true }));
        if (!parsed.ok) return refuse(parsed.failure);
        await changeStatus(db, member, { number, status: "in_progress", note: parsed.data.note });
        return done("Ticket reopened: it is back in progress.");
      }
      case "confirm":
        await confirmResolution(db, member, { number });
        return done("Thank you: the resolution is confirmed and the ticket is closed.");
      case "rate": {
        const parsed = parseForm(formData, rateSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await rateResolution(db, member, { number, ...parsed.data });
        return done("Thank you for rating the resolution.");
      }
      case "assign": {
        const parsed = parseForm(formData, assignSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await assignTicket(db, member, { number, ...parsed.data });
        return done(
          parsed.data.assigneeMembershipId || parsed.data.groupId
            ? "Assignment saved."
            : "Ticket unassigned.",
        );
      }
      case "priority": {
        const parsed = parseForm(formData, changePrioritySchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await changePriority(db, member, { number, ...parsed.data });
        return done(
          `Priority changed to ${PRIORITY_LABELS[parsed.data.priority as TicketPriority]}; the SLA clocks now use its targets.`,
        );
      }
      case "major": {
        const parsed = parseForm(formData, majorIncidentSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await setMajorIncident(db, member, { number, ...parsed.data });
        return done(
          parsed.data.majorIncident ? "Marked as a major incident." : "No longer a major incident.",
        );
      }
      case "outage": {
        const parsed = parseForm(formData, outageSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await recordOutage(db, member, { number, ...parsed.data });
        return done("Outage saved.");
      }
      case "link": {
        const parsed = parseForm(formData, linkSchema);
        if (!parsed.ok) return refuse(parsed.failure);
        await linkTickets(db, member, { number, ...parsed.data });
        return done(`Linked to ${parsed.data.otherNumber}.`);
      }
      default:
        return data(
          { ok: false as const, fieldErrors: {}, formError: "Unknown action.", values: { intent } },
          { status: 400 },
        );
    }
  } catch (error) {
    return appErrorResponse(error, formData);
  }
}
