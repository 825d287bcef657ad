import { withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import type { Role } from "../../app/modules/auth/permissions";
import { addMonths, isoDay, monthStart } from "../../app/modules/reports/period";
import { acknowledgeReview } from "../../app/modules/reviews/acknowledge-review.server";
import { addAction } from "../../app/modules/reviews/add-action.server";
import { assignAccountManager } from "../../app/modules/reviews/assign-account-manager.server";
import { createReview } from "../../app/modules/reviews/create-review.server";
import { publishReview } from "../../app/modules/reviews/publish-review.server";
import type { ReviewMember } from "../../app/modules/reviews/review-access";
import { updateAction } from "../../app/modules/reviews/update-action.server";
import { updateReview } from "../../app/modules/reviews/update-review.server";

const DAY = 86_400_000;

async function memberOf(
  db: Db,
  tenant: { id: string; slug: string; name: string; accent_color: string },
  email: string,
): Promise<ReviewMember> {
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.id", "m.role", "m.customer_id", "u.id as user_id", "u.name"])
      .where("m.tenant_id", "=", tenant.id)
      .where("u.email", "=", email)
      .executeTakeFirstOrThrow(),
  );
  return {
    tenant: { ...tenant, logo_url: null },
    role: row.role as Role,
    customerId: row.customer_id,
    membershipId: row.id,
    ctx: { tenantId: tenant.id, customerId: row.customer_id, userId: row.user_id },
    actor: { userId: row.user_id, label: row.name || email },
  };
}

/**
 * Business relationship demo data (ISO/IEC 20000-1 8.3.2): Amelia (am@northwind.test) looks after
 * Contoso and Tailspin, and has held two monthly reviews with Contoso — both published, with
 * minutes, decisions and actions. One action is still open and carries into every later review;
 * the first review is acknowledged by Carla, the second waits for her. Runs after the tickets and
 * credits demo, so the frozen packs show their figures.
 */
export async function seedReviews(
  db: Db,
  refs: { tenantId: string; contoso: string; tailspin: string },
  now = new Date(),
) {
  const tenant = await withSystem(db, (trx) =>
    trx
      .selectFrom("tenants")
      .select(["id", "slug", "name", "accent_color"])
      .where("id", "=", refs.tenantId)
      .executeTakeFirstOrThrow(),
  );
  const admin = await memberOf(db, tenant, "admin@northwind.test");
  const amelia = await memberOf(db, tenant, "am@northwind.test");
  const carla = await memberOf(db, tenant, "customer@contoso.test");
  const arjun = await memberOf(db, tenant, "agent@northwind.test");
  const adminMember = { ...admin, actor: SYSTEM_ACTOR };
  for (const customerId of [refs.contoso, refs.tailspin]) {
    await assignAccountManager(db, adminMember, { customerId, membershipId: amelia.membershipId });
  }

  const thisMonth = monthStart(now);
  const lastMonth = addMonths(thisMonth, -1);
  const twoMonthsAgo = addMonths(thisMonth, -2);
  const lastDayOf = (month: Date) => isoDay(new Date(addMonths(month, 1).getTime() - DAY));
  const yesterday = new Date(now.getTime() - DAY);
  const secondMeeting = new Date(
    Math.max(
      Date.parse(`${lastDayOf(lastMonth)}T00:00:00Z`),
      Math.min(thisMonth.getTime() + 4 * DAY, yesterday.getTime()),
    ),
  );

  const first = await createReview(
    db,
    amelia,
    {
      customerId: refs.contoso,
      title: `Contoso service review · ${twoMonthsAgo.toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })}`,
      periodStart: isoDay(twoMonthsAgo),
      periodEnd: lastDayOf(twoMonthsAgo),
      meetingOn: isoDay(new Date(lastMonth.getTime() + 5 * DAY)),
      agenda: "1. SLA performance\n2. Incidents and outages\n3. Capacity outlook\n4. Actions",
      attendees:
        "Amelia Account-Manager (Northwind)\nArjun Agent (Northwind)\nCarla Contoso (Contoso Retail)",
    },
    { now: new Date(lastMonth.getTime() + 5 * DAY) },
  );
  await updateReview(db, amelia, {
    reviewId: first.id,
    agenda: "1. SLA performance\n2. Incidents and outages\n3. Capacity outlook\n4. Actions",
    attendees:
      "Amelia Account-Manager (Northwind)\nArjun Agent (Northwind)\nCarla Contoso (Contoso Retail)",
    minutes:
      "Resolution attainment was below target for P2 incidents on Managed Kubernetes; most breaches came from tickets waiting on a vendor fix.\nContoso's seasonal peak starts next month; node pools need headroom.\nOut-of-hours P1 calls reached the wrong contact twice.",
    decisions:
      "Northwind adds a second node pool before the peak.\nContoso names two out-of-hours escalation contacts.",
  });
  await addAction(db, amelia, {
    reviewId: first.id,
    title: "Share a capacity forecast for the Kubernetes cluster before the seasonal peak",
    ownerMembershipId: amelia.membershipId,
    dueOn: isoDay(new Date(lastMonth.getTime() + 15 * DAY)),
  });
  await addAction(db, amelia, {
    reviewId: first.id,
    title: "Agree P1 escalation contacts for out-of-hours incidents",
    ownerMembershipId: carla.membershipId,
    dueOn: isoDay(new Date(lastMonth.getTime() + 20 * DAY)),
  });
  await publishReview(
    db,
    amelia,
    { reviewId: first.id },
    { now: new Date(lastMonth.getTime() + 6 * DAY) },
  );
  await acknowledgeReview(
    db,
    carla,
    { reviewId: first.id },
    { now: new Date(lastMonth.getTime() + 7 * DAY) },
  );
  const forecast = await withSystem(db, (trx) =>
    trx
      .selectFrom("review_actions")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .where("review_id", "=", first.id)
      .where("title", "like", "Share a capacity%")
      .executeTakeFirstOrThrow(),
  );
  await updateAction(
    db,
    amelia,
    { actionId: forecast.id, status: "done" },
    { now: new Date(lastMonth.getTime() + 12 * DAY) },
  );

  const second = await createReview(
    db,
    amelia,
    {
      customerId: refs.contoso,
      title: `Contoso service review · ${lastMonth.toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })}`,
      periodStart: isoDay(lastMonth),
      periodEnd: lastDayOf(lastMonth),
      meetingOn: isoDay(secondMeeting),
      agenda:
        "1. SLA performance and availability\n2. The Managed Kubernetes outage and its service credit\n3. Open actions",
      attendees: "Amelia Account-Manager (Northwind)\nCarla Contoso (Contoso Retail)",
    },
    { now: new Date(Math.max(secondMeeting.getTime(), thisMonth.getTime())) },
  );
  await updateReview(db, amelia, {
    reviewId: second.id,
    agenda:
      "1. SLA performance and availability\n2. The Managed Kubernetes outage and its service credit\n3. Open actions",
    attendees: "Amelia Account-Manager (Northwind)\nCarla Contoso (Contoso Retail)",
    minutes:
      "The Managed Kubernetes outage took availability below the Gold target; the service credit is with Northwind finance.\nThe capacity forecast was shared and the second node pool is live.\nEscalation contacts are still to be confirmed by Contoso.",
    decisions:
      "Keep monthly reviews through the peak season.\nNorthwind reviews PostgreSQL backup retention.",
  });
  await addAction(db, amelia, {
    reviewId: second.id,
    title: "Review backup retention for Managed PostgreSQL",
    ownerMembershipId: arjun.membershipId,
    dueOn: isoDay(new Date(secondMeeting.getTime() + 10 * DAY)),
  });
  const backup = await withSystem(db, (trx) =>
    trx
      .selectFrom("review_actions")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .where("review_id", "=", second.id)
      .executeTakeFirstOrThrow(),
  );
  await updateAction(db, amelia, { actionId: backup.id, status: "done" });
  await publishReview(db, amelia, { reviewId: second.id }, { now: secondMeeting });
  return { reviews: [first.id, second.id] };
}
