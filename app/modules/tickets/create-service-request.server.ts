import { withTenant, type Db, type Trx } from "../../db.server";
import { AppError } from "../errors";
import {
  validateRequestAnswers,
  type RequestAnswers,
  type RequestFormField,
} from "../catalogue/request-form";
import { checkAttachments, type UploadedFile } from "./save-attachment.server";
import { openTicket, ticketParty } from "./open-ticket.server";
import { requireTicketReader, type ClockOptions, type TicketMember } from "./ticket-access.server";
import type { CreateServiceRequestInput } from "./schemas";
import type { Level } from "./constants";

/** Service requests are routine work: unless said otherwise they are low impact, medium urgency. */
const REQUEST_IMPACT: Level = "low";
const REQUEST_URGENCY: Level = "medium";

/** An active request type of a live service, with its form fields in order. */
export async function loadRequestForm(trx: Trx, tenantId: string, requestTypeId: string) {
  const type = await trx
    .selectFrom("request_types")
    .innerJoin("services", (j) =>
      j
        .onRef("services.tenant_id", "=", "request_types.tenant_id")
        .onRef("services.id", "=", "request_types.service_id"),
    )
    .select([
      "request_types.id",
      "request_types.name",
      "request_types.service_id",
      "services.name as service_name",
    ])
    .where("request_types.tenant_id", "=", tenantId)
    .where("request_types.id", "=", requestTypeId)
    .where("request_types.active", "=", true)
    .where("services.status", "=", "live")
    .executeTakeFirst();
  if (!type) return undefined;
  const fields = await trx
    .selectFrom("request_type_fields")
    .select(["key", "label", "kind", "required", "options"])
    .where("tenant_id", "=", tenantId)
    .where("request_type_id", "=", requestTypeId)
    .orderBy("position")
    .orderBy("key")
    .execute();
  return { ...type, fields: fields as RequestFormField[] };
}

/**
 * Raises a service request (ISO/IEC 20000-1 8.6.2) from a request type's form. Answers are checked
 * with the catalogue's own rules (validateRequestAnswers); the first problem is reported on its
 * field `answers.<key>`, with every problem in the message.
 */
export async function createServiceRequest(
  db: Db,
  member: TicketMember,
  input: CreateServiceRequestInput & { answers: RequestAnswers; attachments?: UploadedFile[] },
  opts: ClockOptions = {},
) {
  requireTicketReader(member);
  const attachments = await checkAttachments(input.attachments ?? []);
  const now = opts.now ?? new Date();
  const ticket = await withTenant(db, member.ctx, async (trx) => {
    const party = await ticketParty(trx, member, input);
    const form = await loadRequestForm(trx, member.ctx.tenantId, input.requestTypeId);
    if (!form)
      throw new AppError("validation", "Choose a request type from the catalogue.", {
        field: "requestTypeId",
      });
    const answers = validateRequestAnswers(form.fields, input.answers);
    if (!answers.ok) {
      const [key, message] = Object.entries(answers.errors)[0]!;
      throw new AppError(
        "validation",
        Object.values(answers.errors).length > 1
          ? Object.values(answers.errors).join("; ")
          : message,
        {
          field: `answers.${key}`,
        },
      );
    }
    return openTicket(
      trx,
      member,
      {
        kind: "request",
        party,
        serviceId: form.service_id,
        serviceField: "requestTypeId",
        requestTypeId: form.id,
        answers: answers.values,
        subject: input.subject,
        description: input.description,
        impact: REQUEST_IMPACT,
        urgency: REQUEST_URGENCY,
        attachments,
      },
      now,
    );
  });
  return { id: ticket.id, number: ticket.number };
}
