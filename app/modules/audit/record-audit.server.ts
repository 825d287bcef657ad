import type { Trx } from "../../db.server";

/** Who did something: a signed-in person, or the system (seed, scheduler, CLI). */
export type Actor = { userId: string | null; label: string; requestId?: string | null };

export const SYSTEM_ACTOR: Actor = { userId: null, label: "system" };

/**
 * Appends one audit event in the same transaction as the change it describes, so a change and
 * its evidence commit or roll back together (ISO/IEC 20000-1 evidence for audits).
 */
export async function recordAudit(
  trx: Trx,
  tenantId: string,
  actor: Actor,
  event: {
    action: string;
    entityType: string;
    entityId?: string | null;
    before?: unknown;
    after?: unknown;
  },
) {
  await trx
    .insertInto("audit_events")
    .values({
      tenant_id: tenantId,
      actor_user_id: actor.userId,
      actor_label: actor.label,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      request_id: actor.requestId ?? null,
    })
    .execute();
}
