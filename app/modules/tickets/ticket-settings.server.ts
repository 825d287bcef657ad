import { withTenant, type Db, type Trx } from "../../db.server";
import { AppError } from "../errors";
import { can } from "../auth/permissions";
import type { TicketMember } from "./ticket-access.server";
import { DEFAULT_PRIORITY_MATRIX, normaliseMatrix, type PriorityMatrix } from "./priority-matrix";

export type TicketSettingsView = {
  autoCloseDays: number;
  priorityMatrix: PriorityMatrix;
  escalationEmails: string[];
};

export const DEFAULT_AUTO_CLOSE_DAYS = 5;

/** The tenant's ticket settings; a tenant that never saved any gets the defaults. */
export async function readTicketSettings(trx: Trx, tenantId: string): Promise<TicketSettingsView> {
  const row = await trx
    .selectFrom("ticket_settings")
    .select(["auto_close_days", "priority_matrix", "escalation_emails"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row)
    return {
      autoCloseDays: DEFAULT_AUTO_CLOSE_DAYS,
      priorityMatrix: structuredClone(DEFAULT_PRIORITY_MATRIX),
      escalationEmails: [],
    };
  return {
    autoCloseDays: row.auto_close_days,
    priorityMatrix: normaliseMatrix(row.priority_matrix),
    escalationEmails: [...row.escalation_emails],
  };
}

/** For the settings page (staff who configure the tenant). */
export function getTicketSettings(db: Db, member: Pick<TicketMember, "ctx" | "role">) {
  if (!can(member.role, "tenant.configure"))
    throw new AppError("forbidden", "Only tenant admins can see ticket settings.");
  return withTenant(db, member.ctx, (trx) => readTicketSettings(trx, member.ctx.tenantId));
}
