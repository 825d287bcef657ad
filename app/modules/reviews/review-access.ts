import { can } from "../auth/permissions";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";

export type ReviewMember = Pick<
  Member,
  "tenant" | "role" | "customerId" | "ctx" | "actor" | "membershipId"
>;

/** Account managers and tenant admins prepare and hold reviews. */
export function requireReviewManager(member: Pick<Member, "role">) {
  if (!can(member.role, "reviews.manage"))
    throw new AppError(
      "forbidden",
      "Only account managers and tenant admins can change service reviews.",
    );
}

export function canManageReviews(member: Pick<Member, "role">) {
  return can(member.role, "reviews.manage");
}

/** Staff who manage reviews, or a customer user reading their organisation's published ones. */
export function requireReviewReader(member: Pick<Member, "role">) {
  if (!can(member.role, "reviews.manage") && !can(member.role, "reviews.read_own"))
    throw new AppError("forbidden", "You cannot read service reviews.");
}
