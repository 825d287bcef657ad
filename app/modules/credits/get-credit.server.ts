import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import type { CreditExplanation } from "./compute-credit";
import { isUuid } from "./schemas";

type Viewer = Pick<Member, "ctx" | "membershipId">;

/**
 * One credit line for finance: the line, who did what (names), its explanation (and the newer
 * figures if a re-run flagged it), and its history — the audit events of the line, oldest first.
 */
export async function getCredit(db: Db, member: Viewer, creditId: string) {
  const tenantId = member.ctx.tenantId;
  if (!isUuid(creditId)) throw new AppError("not_found", "We could not find that credit.");
  return withTenant(db, member.ctx, async (trx) => {
    const credit = await trx
      .selectFrom("service_credits")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("id", "=", creditId)
      .executeTakeFirst();
    if (!credit) throw new AppError("not_found", "We could not find that credit.");
    const memberIds = [
      credit.computed_by,
      credit.adjusted_by,
      credit.approved_by,
      credit.rejected_by,
      credit.issue_requested_by,
    ].filter((id): id is string => id !== null);
    const people = memberIds.length
      ? await trx
          .selectFrom("memberships as m")
          .innerJoin("users as u", "u.id", "m.user_id")
          .select(["m.id", "u.name", "u.email"])
          .where("m.tenant_id", "=", tenantId)
          .where("m.id", "in", memberIds)
          .execute()
      : [];
    const nameOf = (id: string | null) => {
      if (!id) return null;
      const p = people.find((x) => x.id === id);
      return p ? p.name || p.email : "a former member";
    };
    const history = await trx
      .selectFrom("audit_events")
      .select(["id", "at", "actor_label", "action", "after"])
      .where("tenant_id", "=", tenantId)
      .where("entity_type", "=", "service_credit")
      .where("entity_id", "=", credit.id)
      .orderBy("at")
      .orderBy("id")
      .execute();
    return {
      credit,
      explanation: credit.explanation as CreditExplanation,
      latestExplanation: credit.latest_explanation as CreditExplanation | null,
      people: {
        computedBy: credit.computed_by ? nameOf(credit.computed_by) : credit.computed_by_label,
        adjustedBy: nameOf(credit.adjusted_by),
        approvedBy: nameOf(credit.approved_by),
        rejectedBy: nameOf(credit.rejected_by),
        issueRequestedBy: nameOf(credit.issue_requested_by),
      },
      /** The four-eyes rule, for the page to explain before the viewer tries. */
      viewerComputedOrAdjusted:
        credit.computed_by === member.membershipId || credit.adjusted_by === member.membershipId,
      history,
    };
  });
}
