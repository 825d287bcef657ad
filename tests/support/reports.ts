import { withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import { addMonths, isoDay, monthStart } from "../../app/modules/reports/period";
import { addAction } from "../../app/modules/reviews/add-action.server";
import { assignAccountManager } from "../../app/modules/reviews/assign-account-manager.server";
import { createReview } from "../../app/modules/reviews/create-review.server";
import { publishReview } from "../../app/modules/reviews/publish-review.server";
import type { ReviewMember } from "../../app/modules/reviews/review-access";
import type { TestPerson } from "./factories";

export function reviewMemberFor(
  tenant: { id: string; slug: string; name: string },
  person: TestPerson,
  label?: string,
): ReviewMember {
  return {
    tenant: {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      accent_color: "#0f766e",
      logo_url: null,
    },
    role: person.role,
    membershipId: person.membershipId,
    customerId: person.customerId,
    ctx: { tenantId: tenant.id, customerId: person.customerId, userId: person.userId },
    actor: { userId: person.userId, label: label ?? person.email },
  };
}

/**
 * Report and review rows for a test tenant (createTestTenant calls this so every table of
 * 0010_reports_reviews has rows): the account manager assigned to customers[0], a published
 * review of last month for it with one open action (through the real modules), and one cached
 * rollup month (the calendar epoch row comes from the factory's holiday, through its trigger).
 */
export async function addReportRows(
  db: Db,
  tenant: { id: string; slug: string; name: string; serviceId: string },
  people: { admin: TestPerson; accountManager: TestPerson; customer: TestPerson },
  customers: Array<{ id: string }>,
) {
  const customerId = customers[0]!.id;
  const admin = { ...reviewMemberFor(tenant, people.admin), actor: SYSTEM_ACTOR };
  await assignAccountManager(db, admin, {
    customerId,
    membershipId: people.accountManager.membershipId,
  });
  const am = reviewMemberFor(tenant, people.accountManager);
  const now = new Date();
  const lastMonth = addMonths(monthStart(now), -1);
  const review = await createReview(db, am, {
    customerId,
    title: "Factory review",
    periodStart: isoDay(lastMonth),
    periodEnd: isoDay(new Date(monthStart(now).getTime() - 86_400_000)),
    meetingOn: isoDay(now),
    agenda: "SLA performance",
    attendees: "Test am\nTest customer1",
  });
  await addAction(db, am, {
    reviewId: review.id,
    title: "Factory action",
    ownerMembershipId: people.customer.membershipId,
    dueOn: isoDay(now),
  });
  await publishReview(db, am, { reviewId: review.id });
  await withSystem(db, async (trx) => {
    // A cached month far back (no tickets then): the figures of an empty month, marked valid.
    await trx
      .insertInto("report_rollup_months")
      .values({
        tenant_id: tenant.id,
        customer_id: customerId,
        month: "2020-01-01",
        invalidations: 0,
        computed_invalidations: 0,
        computed_epoch: 2,
        computed_at: now,
      })
      .execute();
    await trx
      .insertInto("report_month_rollups")
      .values({
        tenant_id: tenant.id,
        month: "2020-01-01",
        customer_id: customerId,
        service_id: tenant.serviceId,
        priority: 3,
        opened: 0,
        resolved: 0,
        response_met: 0,
        response_breached: 0,
        resolution_met: 0,
        resolution_breached: 0,
        answered: 0,
        answer_wall_minutes: 0,
        answer_business_minutes: 0,
        resolve_wall_minutes: 0,
        resolve_business_minutes: 0,
        rating_1: 0,
        rating_2: 0,
        rating_3: 0,
        rating_4: 0,
        rating_5: 0,
      })
      .execute();
  });
  return { reviewId: review.id };
}
