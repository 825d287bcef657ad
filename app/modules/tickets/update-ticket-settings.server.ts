import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { can } from "../auth/permissions";
import { AppError } from "../errors";
import type { TicketMember } from "./ticket-access.server";
import { normaliseMatrix, type PriorityMatrix } from "./priority-matrix";
import { readTicketSettings } from "./ticket-settings.server";

export async function updateTicketSettings(
  db: Db,
  member: Pick<TicketMember, "ctx" | "role" | "actor">,
  input: { autoCloseDays: number; priorityMatrix: PriorityMatrix; escalationEmails: string[] },
) {
  if (!can(member.role, "tenant.configure"))
    throw new AppError("forbidden", "Only tenant admins can change ticket settings.");
  const tenantId = member.ctx.tenantId;
  return withTenant(db, member.ctx, async (trx) => {
    const before = await readTicketSettings(trx, tenantId);
    const after = {
      autoCloseDays: input.autoCloseDays,
      priorityMatrix: normaliseMatrix(input.priorityMatrix),
      escalationEmails: [...new Set(input.escalationEmails.map((e) => e.toLowerCase()))],
    };
    const values = {
      auto_close_days: after.autoCloseDays,
      priority_matrix: JSON.stringify(after.priorityMatrix),
      escalation_emails: after.escalationEmails,
      updated_at: new Date(),
    };
    await trx
      .insertInto("ticket_settings")
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column("tenant_id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, tenantId, member.actor, {
      action: "ticket_settings.updated",
      entityType: "ticket_settings",
      entityId: tenantId,
      before,
      after,
    });
    return after;
  });
}
