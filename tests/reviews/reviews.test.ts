import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant, type Db } from "../../app/db.server";
import { addMonths, isoDay, monthStart } from "../../app/modules/reports/period";
import { acknowledgeReview } from "../../app/modules/reviews/acknowledge-review.server";
import { addAction } from "../../app/modules/reviews/add-action.server";
import { createReview } from "../../app/modules/reviews/create-review.server";
import { getReview } from "../../app/modules/reviews/get-review.server";
import { loadPortfolio } from "../../app/modules/reviews/load-portfolio.server";
import { publishReview } from "../../app/modules/reviews/publish-review.server";
import { updateAction } from "../../app/modules/reviews/update-action.server";
import { updateReview } from "../../app/modules/reviews/update-review.server";
import { createIncident } from "../../app/modules/tickets/create-incident.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn } from "../support/http";
import { reviewMemberFor } from "../support/reports";
import { memberFor } from "../support/tickets";
import { pdfText } from "../reports/pdf-text";

let db: Db;
let t: TestTenant;
const now = new Date();
const lastMonth = addMonths(monthStart(now), -1);
const twoMonthsAgo = addMonths(monthStart(now), -2);
const lastDayOf = (month: Date) => isoDay(new Date(addMonths(month, 1).getTime() - 86_400_000));

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
});

const am = () => reviewMemberFor(t, t.people.accountManager);
const customer = () => reviewMemberFor(t, t.people.customer);
const otherCustomer = () => reviewMemberFor(t, t.people.otherCustomer);

function schedule(title: string, month = lastMonth, customerId = t.customers[0]!.id) {
  return createReview(db, am(), {
    customerId,
    title,
    periodStart: isoDay(month),
    periodEnd: lastDayOf(month),
    meetingOn: isoDay(now),
    agenda: "",
    attendees: "",
  });
}

async function auditActions(entityId: string) {
  const rows = await withSystem(db, (trx) =>
    trx
      .selectFrom("audit_events")
      .select("action")
      .where("tenant_id", "=", t.id)
      .where("entity_id", "=", entityId)
      .orderBy("at")
      .execute(),
  );
  return rows.map((r) => r.action);
}

describe("actions stay open across reviews until they are done", () => {
  it("carries the open actions of earlier reviews into a new one: the same rows, not copies", async () => {
    const first = await getReview(db, am(), t.reviewId);
    const factoryAction = first.actions.find((a) => a.title === "Factory action")!;
    expect(factoryAction.status).toBe("open");

    const second = await schedule("Second review");
    expect(second.carriedOver).toBe(1);
    const detail = await getReview(db, am(), second.id);
    expect(detail.actions).toEqual([
      expect.objectContaining({
        id: factoryAction.id,
        carriedOver: true,
        raisedIn: { id: t.reviewId, title: "Factory review" },
      }),
    ]);
    expect(detail.pack.openActions.map((a) => a.id)).toEqual([factoryAction.id]);

    await addAction(db, am(), {
      reviewId: second.id,
      title: "Send the capacity plan",
      ownerMembershipId: t.people.agent.membershipId,
      dueOn: isoDay(now),
    });
    // Closing the carried action in the second review closes it in the first too.
    await updateAction(db, am(), { actionId: factoryAction.id, status: "done" });
    expect((await getReview(db, am(), t.reviewId)).actions[0]!.status).toBe("done");

    const third = await schedule("Third review", twoMonthsAgo);
    const carried = (await getReview(db, am(), third.id)).actions;
    expect(carried.map((a) => a.title)).toEqual(["Send the capacity plan"]);
    expect(carried[0]!.raisedIn.id).toBe(second.id);
    expect(await auditActions(factoryAction.id)).toEqual([
      "review_action.created",
      "review_action.status_changed",
    ]);
  });

  it("lets an action's owner be staff or the customer's own users, never another customer's", async () => {
    const review = await schedule("Owner rules");
    await expect(
      addAction(db, am(), {
        reviewId: review.id,
        title: "Wrong owner",
        ownerMembershipId: t.people.otherCustomer.membershipId,
        dueOn: isoDay(now),
      }),
    ).rejects.toMatchObject({ code: "validation", details: { field: "ownerMembershipId" } });
    await addAction(db, am(), {
      reviewId: review.id,
      title: "Customer-side task",
      ownerMembershipId: t.people.customer.membershipId,
      dueOn: isoDay(now),
    });
  });
});

describe("the frozen pack", () => {
  it("freezes the customer's SLA report, outages, actions and satisfaction at creation", async () => {
    const review = await schedule("Frozen pack");
    const before = (await getReview(db, am(), review.id)).pack;
    expect(before.customer.id).toBe(t.customers[0]!.id);
    expect(before.report.filters.customer?.id).toBe(t.customers[0]!.id);
    expect(before.report.byCustomer).toBeNull();
    expect(before.period).toMatchObject({
      firstDay: isoDay(lastMonth),
      lastDay: lastDayOf(lastMonth),
    });
    expect(before.report.trend).toHaveLength(12);
    // A ticket raised later in the period (backdated) does not change the frozen pack.
    await createIncident(
      db,
      memberFor(t, t.people.customer),
      {
        serviceId: t.serviceId,
        impact: "low",
        urgency: "low",
        subject: "After the freeze",
        description: "",
      },
      { now: new Date(lastMonth.getTime() + 3 * 86_400_000) },
    );
    const after = (await getReview(db, am(), review.id)).pack;
    expect(after).toEqual(before);
  });

  it("refuses a period that has not ended, and a meeting before the period ends", async () => {
    await expect(
      createReview(db, am(), {
        customerId: t.customers[0]!.id,
        title: "Too early",
        periodStart: isoDay(monthStart(now)),
        periodEnd: isoDay(now),
        meetingOn: isoDay(now),
        agenda: "",
        attendees: "",
      }),
    ).rejects.toMatchObject({ code: "validation", details: { field: "periodEnd" } });
    const browser = await signedIn(t.people.accountManager.email, TEST_PASSWORD);
    const response = await browser.post(`/t/${t.slug}/reviews`, {
      intent: "create",
      customerId: t.customers[0]!.id,
      title: "",
      periodStart: isoDay(lastMonth),
      periodEnd: lastDayOf(lastMonth),
      meetingOn: isoDay(twoMonthsAgo),
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Title is required");
    expect(html).toContain("The meeting must be on or after the end of the period it reviews");
  });
});

describe("publishing to the customer and acknowledging", () => {
  it("keeps drafts from customer users, publishes, and records who acknowledged when", async () => {
    const review = await schedule("To publish");
    await addAction(db, am(), {
      reviewId: review.id,
      title: "Draft action",
      ownerMembershipId: t.people.agent.membershipId,
      dueOn: isoDay(now),
    });
    await expect(getReview(db, customer(), review.id)).rejects.toMatchObject({ code: "not_found" });
    const seenDraft = await withTenant(db, customer().ctx, (trx) =>
      Promise.all([
        trx.selectFrom("service_reviews").select("id").where("id", "=", review.id).execute(),
        trx.selectFrom("review_actions").select("id").where("review_id", "=", review.id).execute(),
      ]),
    );
    expect(seenDraft).toEqual([[], []]); // row-level security, not just the module

    await updateReview(db, am(), {
      reviewId: review.id,
      agenda: "SLA",
      attendees: "Test am\nTest customer1",
      minutes: "All good.",
      decisions: "Carry on.",
    });
    await publishReview(db, am(), { reviewId: review.id });
    await expect(
      updateReview(db, am(), {
        reviewId: review.id,
        agenda: "",
        attendees: "",
        minutes: "Rewritten",
        decisions: "",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      addAction(db, am(), {
        reviewId: review.id,
        title: "Late",
        ownerMembershipId: t.people.agent.membershipId,
        dueOn: isoDay(now),
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    // The database refuses too: what the customer acknowledges is what was published.
    await expect(
      withTenant(db, am().ctx, (trx) =>
        sql`update service_reviews set minutes = 'edited' where tenant_id = ${t.id} and id = ${review.id}`.execute(
          trx,
        ),
      ),
    ).rejects.toMatchObject({ code: "23514" });

    const seen = await getReview(db, customer(), review.id);
    expect(seen.review.minutes).toBe("All good.");
    expect(seen.canManage).toBe(false);
    await expect(
      acknowledgeReview(db, otherCustomer(), { reviewId: review.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    await acknowledgeReview(db, customer(), { reviewId: review.id });
    const acknowledged = await getReview(db, am(), review.id);
    expect(acknowledged.review.acknowledgedBy).toBe("Test customer1");
    expect(acknowledged.review.acknowledgedAt).not.toBeNull();
    await expect(acknowledgeReview(db, customer(), { reviewId: review.id })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await auditActions(review.id)).toEqual([
      "review.created",
      "review.updated",
      "review.published",
      "review.acknowledged",
    ]);
  });

  it("answers another customer's users 404 on the page, the PDF and the acknowledgement, and their list leaves it out", async () => {
    const browser = await signedIn(t.people.otherCustomer.email, TEST_PASSWORD);
    expect((await browser.get(`/t/${t.slug}/reviews/${t.reviewId}`)).status).toBe(404);
    expect((await browser.get(`/t/${t.slug}/reviews/${t.reviewId}/review.pdf`)).status).toBe(404);
    expect(
      (await browser.post(`/t/${t.slug}/reviews/${t.reviewId}`, { intent: "acknowledge" })).status,
    ).toBe(404);
    const list = await (await browser.get(`/t/${t.slug}/reviews`)).text();
    expect(list).not.toContain("Factory review");
    const rows = await withTenant(db, otherCustomer().ctx, (trx) =>
      trx.selectFrom("service_reviews").select("id").execute(),
    );
    expect(rows).toEqual([]);
  });

  it("lets the customer read, download and acknowledge over HTTP, and refuses them staff actions", async () => {
    const browser = await signedIn(t.people.customer.email, TEST_PASSWORD);
    const page = await browser.get(`/t/${t.slug}/reviews/${t.reviewId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Acknowledge review");
    expect(
      (await browser.post(`/t/${t.slug}/reviews/${t.reviewId}`, { intent: "publish" })).status,
    ).toBe(403);
    expect(
      (await browser.post(`/t/${t.slug}/reviews`, { intent: "create", title: "x" })).status,
    ).toBe(403);
    expect((await browser.get(`/t/${t.slug}/portfolio`)).status).toBe(403);
    const pdf = await browser.get(`/t/${t.slug}/reviews/${t.reviewId}/review.pdf`);
    expect(pdf.status).toBe(200);
    const { text } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain("Factory review");
    expect(text).toContain("Customer One");
    expect(text).toContain("Factory action");
    expect(text).toContain(t.name);
    const ack = await browser.post(`/t/${t.slug}/reviews/${t.reviewId}`, { intent: "acknowledge" });
    expect(ack.status).toBe(200);
    expect(await (await browser.get(`/t/${t.slug}/reviews/${t.reviewId}`)).text()).toContain(
      "Acknowledged",
    );
  });
});

describe("the portfolio", () => {
  it("shows an account manager their customers with next reviews, overdue actions and the attainment trend", async () => {
    const mine = await loadPortfolio(db, am());
    expect(mine.customers.map((c) => c.name)).toEqual(["Customer One"]);
    expect(mine.customers[0]!.trend).toHaveLength(12);
    const admin = await loadPortfolio(db, reviewMemberFor(t, t.people.admin));
    expect(admin.customers.map((c) => c.name)).toEqual(["Customer One", "Customer Two"]);
    const browser = await signedIn(t.people.admin.email, TEST_PASSWORD);
    const assigned = await browser.post(`/t/${t.slug}/portfolio`, {
      intent: "assign",
      customerId: t.customers[1]!.id,
      membershipId: t.people.accountManager.membershipId,
    });
    expect(assigned.status).toBe(200);
    expect((await loadPortfolio(db, am())).customers.map((c) => c.name)).toEqual([
      "Customer One",
      "Customer Two",
    ]);
    const refused = await browser.post(`/t/${t.slug}/portfolio`, {
      intent: "assign",
      customerId: t.customers[1]!.id,
      membershipId: t.people.agent.membershipId,
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(
      "Choose an active account manager or tenant admin from the list",
    );
    const page = await (
      await signedIn(t.people.accountManager.email, TEST_PASSWORD)
    ).get(`/t/${t.slug}/portfolio`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("SLA attainment by month for Customer One");
  });
});
