import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, type Db } from "../../app/db.server";
import { createContract } from "../../app/modules/contracts/create-contract.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { ORIGIN, signedIn, type TestBrowser } from "../support/http";
import { allDay, ics } from "./ics-fixtures";

let db: Db;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
});

const adminOf = (tenant: TestTenant) => ({
  ctx: { tenantId: tenant.id, userId: tenant.people.admin.userId },
  actor: { userId: tenant.people.admin.userId, label: "Test Admin" },
});

async function serviceFor(tenant: TestTenant, name: string, customerIndex: number) {
  const service = await withSystem(db, (trx) =>
    trx
      .insertInto("services")
      .values({ tenant_id: tenant.id, name, description: `${name} description` })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  await createContract(db, adminOf(tenant), {
    customerId: tenant.customers[customerIndex]!.id,
    serviceId: service.id,
    slaPolicyId: tenant.policyId,
    monthlyFee: 10_000,
    currency: "GBP",
    startsOn: "2026-01-01",
    endsOn: null,
    stripeCustomerId: null,
  });
  return service.id;
}

/** A page's HTML without the comments React puts between adjacent text parts. */
async function html(response: Response) {
  return (await response.text()).replace(/<!-- -->/g, "");
}

/** Posts a multipart form (a file upload) with the browser's CSRF token. */
async function upload(
  browser: TestBrowser,
  path: string,
  fields: Record<string, string>,
  file: { name: string; content: string },
) {
  const body = new FormData();
  body.set("csrf", await browser.csrfToken());
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set("file", new Blob([file.content], { type: "text/calendar" }), file.name);
  return browser.request(path, { method: "POST", body, headers: { origin: ORIGIN } });
}

describe("the customer's view of their services", () => {
  it("shows a customer only the services their organisation has live contracts for, with targets in plain words", async () => {
    await serviceFor(a, "Visible Vault", 0);
    await serviceFor(a, "Secret Silo", 1);
    const one = await signedIn(a.people.customer.email, TEST_PASSWORD);
    const page = await one.get(`/t/${a.slug}/my-services`);
    expect(page.status).toBe(200);
    const body = await html(page);
    expect(body).toContain("Managed Widgets");
    expect(body).toContain("Visible Vault");
    expect(body).not.toContain("Secret Silo");
    expect(body).toContain(
      "P1: response within 30 business minutes, resolution within 4 business hours — Mon–Fri 09:00–17:30 (Europe/London), excluding 1 holiday",
    );

    const two = await signedIn(a.people.otherCustomer.email, TEST_PASSWORD);
    const theirs = await html(await two.get(`/t/${a.slug}/my-services`));
    expect(theirs).toContain("Secret Silo");
    expect(theirs).not.toContain("Visible Vault");
  });

  it("shows the entry in the customers' navigation only, and points staff to the catalogue", async () => {
    const customer = await signedIn(a.people.customer.email, TEST_PASSWORD);
    const home = await html(await customer.get(`/t/${a.slug}`));
    expect(home).toContain(`href="/t/${a.slug}/my-services"`);
    expect(home).not.toContain(`href="/t/${a.slug}/contracts"`);
    const agent = await signedIn(a.people.agent.email, TEST_PASSWORD);
    const staffHome = await html(await agent.get(`/t/${a.slug}`));
    expect(staffHome).not.toContain(`href="/t/${a.slug}/my-services"`);
    expect(staffHome).toContain(`href="/t/${a.slug}/contracts"`);
    const staffView = await agent.get(`/t/${a.slug}/my-services`);
    expect(staffView.status).toBe(200);
    expect(await html(staffView)).toContain("service catalogue");
  });

  it("answers 404 to another tenant's customer, and 403 to customers on the SLA admin pages", async () => {
    const outsider = await signedIn(b.people.customer.email, TEST_PASSWORD);
    expect((await outsider.get(`/t/${a.slug}/my-services`)).status).toBe(404);
    const customer = await signedIn(a.people.customer.email, TEST_PASSWORD);
    for (const path of [
      "calendars",
      "policies",
      "contracts",
      `calendars/${a.calendarId}`,
      `policies/${a.policyId}`,
    ]) {
      expect((await customer.get(`/t/${a.slug}/${path}`)).status, path).toBe(403);
    }
  });
});

describe("SLA configuration pages", () => {
  it("lets staff read them but only the admin change them", async () => {
    const agent = await signedIn(a.people.agent.email, TEST_PASSWORD);
    expect((await agent.get(`/t/${a.slug}/calendars/${a.calendarId}`)).status).toBe(200);
    expect((await agent.get(`/t/${a.slug}/policies/${a.policyId}`)).status).toBe(200);
    expect((await agent.get(`/t/${a.slug}/contracts`)).status).toBe(200);
    expect((await agent.get(`/t/${a.slug}/calendars/new`)).status).toBe(403);
    expect(
      (
        await agent.post(`/t/${a.slug}/calendars/${a.calendarId}/holidays`, {
          intent: "add",
          date: "2026-05-04",
          name: "Sneaky",
        })
      ).status,
    ).toBe(403);
    expect((await agent.get(`/t/${a.slug}/calendars/not-a-uuid`)).status).toBe(404);
  });

  it("creates a calendar, refusing bad input with field errors (422) and showing the preview", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const bad = await admin.post(`/t/${a.slug}/calendars/new`, {
      name: "Sydney desk",
      timeZone: "Australia/Atlantis",
      mon: "09:00-13:00, 12:00-17:00",
    });
    expect(bad.status).toBe(422);
    const badHtml = await html(bad);
    expect(badHtml).toContain("Time zone must be an IANA time zone");
    expect(badHtml).toContain("Monday: 09:00-13:00 and 12:00-17:00 overlap");

    const good = await admin.post(`/t/${a.slug}/calendars/new`, {
      name: "Sydney desk",
      timeZone: "Australia/Sydney",
      mon: "09:00-17:00",
      tue: "09:00-17:00",
    });
    expect(good.status).toBe(302);
    const location = good.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/t/${a.slug}/calendars/[0-9a-f-]{36}$`));
    const page = await html(await admin.get(location));
    expect(page).toContain("Mon–Tue 09:00–17:00 (Australia/Sydney)");
    expect(page).toMatch(/(Mon|Tue) \d{4}-\d{2}-\d{2} 09:00 – 17:00/);
  });

  it("imports holidays from an uploaded .ics file and answers a bad file with 422", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const path = `/t/${a.slug}/calendars/${a.calendarId}/holidays`;
    const bad = await upload(
      admin,
      path,
      { intent: "import" },
      { name: "holidays.ics", content: "BEGIN:VCALENDAR\r\ngarbage\r\n" },
    );
    expect(bad.status).toBe(422);
    expect(await html(bad)).toContain("The iCalendar file could not be read");
    const missing = await admin.post(path, { intent: "import" });
    expect(missing.status).toBe(422);

    const good = await upload(
      admin,
      path,
      { intent: "import" },
      {
        name: "bank-holidays.ics",
        content: ics(allDay("2027-03-26", "Good Friday"), allDay("2027-03-29", "Easter Monday")),
      },
    );
    expect(good.status).toBe(200);
    expect(await html(good)).toContain("2 holidays imported");
    const list = await html(await admin.get(path));
    expect(list).toContain("Easter Monday");
  });

  it("saves a policy edit as a new version and lists it with who changed what", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const edit = await admin.get(`/t/${a.slug}/policies/${a.policyId}/edit`);
    expect(edit.status).toBe(200);
    const fields: Record<string, string> = {
      name: "Standard",
      calendarId: a.calendarId,
      p1ResponseValue: "15",
      p1ResponseUnit: "minutes",
      p1ResolutionValue: "4",
      p1ResolutionUnit: "hours",
      p1BreachCredit: "0",
      p2ResponseValue: "1",
      p2ResponseUnit: "hours",
      p2ResolutionValue: "8",
      p2ResolutionUnit: "hours",
      p2BreachCredit: "0",
      p3ResponseValue: "4",
      p3ResponseUnit: "hours",
      p3ResolutionValue: "3",
      p3ResolutionUnit: "days",
      p3BreachCredit: "0",
      p4ResponseValue: "1",
      p4ResponseUnit: "days",
      p4ResolutionValue: "5",
      p4ResolutionUnit: "days",
      p4BreachCredit: "0",
      pauseStatuses: "awaiting_customer",
      warningPercent: "80",
      availabilityTarget: "99.9",
      tier1Below: "99.9",
      tier1Percent: "10",
      tier2Below: "99",
      tier2Percent: "25",
      creditCapPercent: "50",
      changeNote: "Faster first response",
    };
    const refused = await admin.post(`/t/${a.slug}/policies/${a.policyId}/edit`, {
      ...fields,
      p1ResponseValue: "5",
      p1ResponseUnit: "hours",
    });
    expect(refused.status).toBe(422);
    expect(await html(refused)).toContain(
      "P1 resolution target must be at least as long as its response target",
    );

    const saved = await admin.post(`/t/${a.slug}/policies/${a.policyId}/edit`, fields);
    expect(saved.status).toBe(302);
    const page = await html(await admin.get(`/t/${a.slug}/policies/${a.policyId}`));
    expect(page).toContain("Version 2");
    expect(page).toContain("P1 response: 30 min → 15 min");
    expect(page).toContain("Faster first response");
  });

  it("refuses an overlapping contract over HTTP with 409 and a message naming the clash", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${a.slug}/contracts/new`, {
      customerId: a.customers[0]!.id,
      serviceId: a.serviceId,
      slaPolicyId: a.policyId,
      monthlyFee: "1000",
      currency: "GBP",
      startsOn: "2026-12-01",
      endsOn: "",
      stripeCustomerId: "",
    });
    expect(response.status).toBe(409);
    expect(await html(response)).toContain(
      "Customer One already has a contract for Managed Widgets from 2026-01-01 with no end date",
    );
    const bad = await admin.post(`/t/${a.slug}/contracts/new`, {
      customerId: a.customers[1]!.id,
      serviceId: a.serviceId,
      slaPolicyId: a.policyId,
      monthlyFee: "ten",
      currency: "GBP",
      startsOn: "2026-12-01",
      stripeCustomerId: "stripe-1",
    });
    expect(bad.status).toBe(422);
    const body = await html(bad);
    expect(body).toContain("Monthly fee must be an amount");
    expect(body).toContain("Stripe customer id must look like cus_");
  });
});
