import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import { AppError } from "../errors";
import { requireReviewManager, type ReviewMember } from "./review-access";
import type { UpdateActionInput } from "./schemas";

/** Moves an action along (open → in progress → done, or back): it lives on across reviews, so this works whatever review shows it. */
export async function updateAction(
  db: Db,
  member: ReviewMember,
  input: UpdateActionInput,
  opts: { now?: Date } = {},
) {
  requireReviewManager(member);
  const tenantId = member.ctx.tenantId;
  const now = opts.now ?? new Date();
  return withTenant(db, member.ctx, async (trx) => {
    const action = await trx
      .selectFrom("review_actions")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", input.actionId)
      .forUpdate()
      .executeTakeFirst();
    if (!action) throw new AppError("not_found", "We could not find that action.");
    if (action.status === input.status) return { changed: false };
    await trx
      .updateTable("review_actions")
      .set({ status: input.status, done_at: input.status === "done" ? now : null, updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", action.id)
      .execute();
    await recordAudit(trx, tenantId, member.actor, {
      action: "review_action.status_changed",
      entityType: "review_action",
      entityId: action.id,
      before: { title: action.title, status: action.status },
      after: { title: action.title, status: input.status },
    });
    return { changed: true };
  });
}
