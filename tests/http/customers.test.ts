import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn } from "../support/http";

let db: Db;
let t: TestTenant;

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
});

describe("customers", () => {
  it("renames a customer and records the change in the audit log", async () => {
    const admin = await signedIn(t.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${t.slug}/customers`, {
      intent: "update",
      customerId: t.customers[1]!.id,
      name: "Customer Two Renamed",
      active: "true",
    });
    expect(response.status).toBe(200);
    expect(await (await admin.get(`/t/${t.slug}/customers`)).text()).toContain(
      "Customer Two Renamed",
    );
    const audit = await (await admin.get(`/t/${t.slug}/audit`)).text();
    expect(audit).toContain("customer.updated");
    expect(audit).toContain("Customer Two Renamed");
  });

  it("locks out a deactivated customer's users at once, and lets them back in on reactivation", async () => {
    const local = await createTestTenant(db);
    const customer = await signedIn(local.people.customer.email, TEST_PASSWORD);
    expect((await customer.get(`/t/${local.slug}`)).status).toBe(200);
    const admin = await signedIn(local.people.admin.email, TEST_PASSWORD);
    const fields = { intent: "update", customerId: local.customers[0]!.id, name: "Customer One" };
    await admin.post(`/t/${local.slug}/customers`, { ...fields, active: "false" });
    expect((await customer.get(`/t/${local.slug}`)).status).toBe(404);
    await admin.post(`/t/${local.slug}/customers`, { ...fields, active: "true" });
    expect((await customer.get(`/t/${local.slug}`)).status).toBe(200);
  });

  it("refuses an unknown customer id with a 404 message, not a 500", async () => {
    const admin = await signedIn(t.people.admin.email, TEST_PASSWORD);
    const response = await admin.post(`/t/${t.slug}/customers`, {
      intent: "update",
      customerId: "00000000-0000-4000-8000-000000000000",
      name: "Ghost",
      active: "true",
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("We could not find that customer.");
  });
});
