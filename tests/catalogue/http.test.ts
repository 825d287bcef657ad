import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { getRequestType } from "../../app/modules/catalogue/get-request-type.server";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn } from "../support/http";

let db: Db;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
});

const servicesOf = (t: TestTenant) => `/t/${t.slug}/services`;
const serviceUrl = (t: TestTenant, serviceId = t.serviceId) => `${servicesOf(t)}/${serviceId}`;
const requestTypeUrl = (t: TestTenant, serviceId = t.serviceId, requestTypeId = t.requestTypeId) =>
  `${serviceUrl(t, serviceId)}/request-types/${requestTypeId}`;

describe("a tenant admin builds the catalogue through the forms", () => {
  it("creates a service, a request type and its fields, and tries the form", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const list = await admin.get(servicesOf(a));
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain("Managed Widgets");
    expect(listHtml).toContain("Add a service");

    const created = await admin.post(servicesOf(a), {
      intent: "create",
      name: "Managed PostgreSQL",
      category: "Databases",
      ownerMembershipId: a.people.agent.membershipId,
      description: "Highly available PostgreSQL.",
    });
    expect(created.status).toBe(302);
    const servicePath = created.headers.get("location")!;
    expect(servicePath).toMatch(new RegExp(`^${servicesOf(a)}/[0-9a-f-]{36}$`));
    const servicePage = await (await admin.get(servicePath)).text();
    expect(servicePage).toContain("Managed PostgreSQL");
    expect(servicePage).toContain("Test agent");

    const requestType = await admin.post(servicePath, {
      intent: "create-request-type",
      name: "Restore a backup",
      description: "From a daily backup",
    });
    expect(requestType.status).toBe(302);
    const requestTypePath = requestType.headers.get("location")!;
    expect(requestTypePath).toMatch(new RegExp(`^${servicePath}/request-types/[0-9a-f-]{36}$`));

    const fields: Array<Record<string, string>> = [
      { label: "Instance", kind: "text", required: "on", helpText: "e.g. orders-db-01" },
      { label: "Backup date", kind: "date", required: "on" },
      {
        label: "Restore target",
        kind: "single_choice",
        required: "on",
        options: "New instance\nReplace the original",
      },
      { label: "Extra copies", kind: "number" },
    ];
    for (const f of fields) {
      const added = await admin.post(requestTypePath, { intent: "add-field", ...f });
      expect(added.status, f.label).toBe(200);
    }
    const page = await (await admin.get(requestTypePath)).text();
    expect(page).toContain("Restore a backup");
    expect(page.indexOf("Backup date")).toBeLessThan(page.indexOf("Restore target"));
    expect(page).toContain("restore_target");
    expect(page).toContain("Preview: the form customers fill in");

    const refused = await admin.post(requestTypePath, {
      intent: "preview",
      "answers.instance": "",
      "answers.backup_date": "2026-02-30",
      "answers.restore_target": "Somewhere else",
      "answers.extra_copies": "two",
    });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("Instance is required");
    expect(refusedHtml).toContain("Backup date must be a real date written YYYY-MM-DD");
    expect(refusedHtml).toContain("Restore target: choose one of the options");
    expect(refusedHtml).toContain("Extra copies must be a number, like 3 or 2.5");

    const accepted = await admin.post(requestTypePath, {
      intent: "preview",
      "answers.instance": "orders-db-01",
      "answers.backup_date": "2026-02-28",
      "answers.restore_target": "New instance",
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain("These answers would be accepted");

    const list2 = await (await admin.get(`${servicesOf(a)}?category=Databases`)).text();
    expect(list2).toContain("Managed PostgreSQL");
    expect(list2).not.toContain("Managed Widgets");
  });

  it("answers bad input with 422 naming the field and rule, and duplicates with 409", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const empty = await admin.post(servicesOf(a), { intent: "create", name: "  " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Name is required");

    const duplicate = await admin.post(servicesOf(a), {
      intent: "create",
      name: "managed widgets",
    });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain("A service with that name already exists.");

    const owner = await admin.post(servicesOf(a), {
      intent: "create",
      name: "Owned by a customer",
      ownerMembershipId: a.people.customer.membershipId,
    });
    expect(owner.status).toBe(422);
    expect(await owner.text()).toContain(
      "The owner must be an active staff member of this workspace",
    );

    const status = await admin.post(serviceUrl(a), {
      intent: "update",
      name: "Managed Widgets",
      status: "retired",
    });
    expect(status.status).toBe(422);
    expect(await status.text()).toContain("A live service can only become retiring");

    const oneOption = await admin.post(requestTypeUrl(a), {
      intent: "add-field",
      label: "Colour",
      kind: "single_choice",
      options: "Red",
    });
    expect(oneOption.status).toBe(422);
    expect(await oneOption.text()).toContain(
      "Choice fields need at least 2 distinct options, one per line",
    );

    const sameLabel = await admin.post(requestTypeUrl(a), {
      intent: "add-field",
      label: "size",
      kind: "text",
    });
    expect(sameLabel.status).toBe(409);
    expect(await sameLabel.text()).toContain(
      "This request type already has a field with that label.",
    );

    const sameRequestType = await admin.post(serviceUrl(a), {
      intent: "create-request-type",
      name: "NEW WIDGET",
    });
    expect(sameRequestType.status).toBe(409);
    expect(await sameRequestType.text()).toContain(
      "This service already has a request type with that name.",
    );
  });

  it("edits, moves and removes fields and reorders request types through the forms", async () => {
    const t = await createTestTenant(db);
    const admin = await signedIn(t.people.admin.email, TEST_PASSWORD);
    expect(
      (
        await admin.post(requestTypeUrl(t), {
          intent: "add-field",
          label: "Quantity",
          kind: "number",
          required: "on",
        })
      ).status,
    ).toBe(200);
    const fields = async () =>
      (await withTenant(db, { tenantId: t.id }, (trx) =>
        getRequestType(trx, t.id, t.serviceId, t.requestTypeId),
      ))!.fields;
    const [size, quantity] = await fields();
    expect(
      (
        await admin.post(requestTypeUrl(t), {
          intent: "move-field",
          fieldId: quantity!.id,
          direction: "up",
        })
      ).status,
    ).toBe(200);
    expect((await fields()).map((f) => f.key)).toEqual(["quantity", "size"]);
    const edited = await admin.post(requestTypeUrl(t), {
      intent: "update-field",
      fieldId: size!.id,
      label: "Widget size",
      kind: "multiple_choice",
      options: "S\nM\nL",
    });
    expect(edited.status).toBe(200);
    expect((await fields())[1]).toMatchObject({
      key: "size",
      label: "Widget size",
      kind: "multiple_choice",
      required: false,
      options: ["S", "M", "L"],
    });
    expect(
      (await admin.post(requestTypeUrl(t), { intent: "remove-field", fieldId: quantity!.id }))
        .status,
    ).toBe(200);
    expect((await fields()).map((f) => f.key)).toEqual(["size"]);

    expect(
      (await admin.post(serviceUrl(t), { intent: "create-request-type", name: "Return a widget" }))
        .status,
    ).toBe(302);
    const moved = await admin.post(serviceUrl(t), {
      intent: "move-request-type",
      requestTypeId: t.requestTypeId,
      direction: "down",
    });
    expect(moved.status).toBe(200);
    const page = await (await admin.get(serviceUrl(t))).text();
    expect(page.indexOf("Return a widget")).toBeLessThan(page.indexOf("New widget"));

    const deactivated = await admin.post(requestTypeUrl(t), {
      intent: "set-active",
      active: "false",
    });
    expect(deactivated.status).toBe(200);
    expect(await (await admin.get(serviceUrl(t))).text()).toContain("Inactive");
  });
});

describe("who may see and change the catalogue", () => {
  it("shows staff without catalogue.manage read-only pages and refuses their changes", async () => {
    const agent = await signedIn(a.people.agent.email, TEST_PASSWORD);
    const list = await agent.get(servicesOf(a));
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain("Managed Widgets");
    expect(listHtml).not.toContain("Add a service");

    const service = await agent.get(serviceUrl(a));
    expect(service.status).toBe(200);
    const serviceHtml = await service.text();
    expect(serviceHtml).toContain("New widget");
    expect(serviceHtml).not.toContain("Save service");
    expect(serviceHtml).not.toContain("Add a request type");

    const requestType = await agent.get(requestTypeUrl(a));
    expect(requestType.status).toBe(200);
    const requestTypeHtml = await requestType.text();
    expect(requestTypeHtml).toContain("Size");
    expect(requestTypeHtml).not.toContain("Add a field");
    expect(requestTypeHtml).not.toContain("Remove");

    expect(
      (await agent.post(servicesOf(a), { intent: "create", name: "Agent service" })).status,
    ).toBe(403);
    expect(
      (await agent.post(serviceUrl(a), { intent: "update", name: "Renamed", status: "live" }))
        .status,
    ).toBe(403);
    expect(
      (await agent.post(requestTypeUrl(a), { intent: "add-field", label: "Sneaky", kind: "text" }))
        .status,
    ).toBe(403);
    const preview = await agent.post(requestTypeUrl(a), { intent: "preview" });
    expect(preview.status).toBe(422);
    expect(await preview.text()).toContain("Size is required");

    for (const person of [a.people.accountManager, a.people.finance]) {
      const browser = await signedIn(person.email, TEST_PASSWORD);
      expect((await browser.get(serviceUrl(a))).status, person.role).toBe(200);
    }
  });

  it("answers 403 to customer users on every catalogue admin page", async () => {
    const customer = await signedIn(a.people.customer.email, TEST_PASSWORD);
    for (const url of [servicesOf(a), serviceUrl(a), requestTypeUrl(a)]) {
      expect((await customer.get(url)).status, url).toBe(403);
    }
    expect(
      (await customer.post(servicesOf(a), { intent: "create", name: "Customer service" })).status,
    ).toBe(403);
    expect((await customer.post(requestTypeUrl(a), { intent: "preview" })).status).toBe(403);
  });

  it("answers 404 to tenant A's admin for tenant B's service and request type ids, and for malformed ids", async () => {
    const admin = await signedIn(a.people.admin.email, TEST_PASSWORD);
    const foreign = [
      serviceUrl(a, b.serviceId),
      requestTypeUrl(a, b.serviceId, b.requestTypeId),
      requestTypeUrl(a, a.serviceId, b.requestTypeId),
      `${servicesOf(a)}/not-a-uuid`,
      requestTypeUrl(a, a.serviceId, "not-a-uuid"),
    ];
    for (const url of foreign) {
      const page = await admin.get(url);
      expect(page.status, url).toBe(404);
      expect(await page.text()).not.toContain("Managed Widgets");
    }
    expect(
      (
        await admin.post(serviceUrl(a, b.serviceId), {
          intent: "update",
          name: "Hijacked",
          status: "live",
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await admin.post(serviceUrl(a, b.serviceId), {
          intent: "create-request-type",
          name: "Hijacked",
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await admin.post(requestTypeUrl(a, b.serviceId, b.requestTypeId), {
          intent: "add-field",
          label: "Hijacked",
          kind: "text",
        })
      ).status,
    ).toBe(404);
    expect(
      (await admin.post(requestTypeUrl(a, b.serviceId, b.requestTypeId), { intent: "preview" }))
        .status,
    ).toBe(404);
    const [bField] = await withTenant(
      db,
      { tenantId: b.id },
      async (trx) => (await getRequestType(trx, b.id, b.serviceId, b.requestTypeId))!.fields,
    );
    expect(
      (await admin.post(requestTypeUrl(a), { intent: "remove-field", fieldId: bField!.id })).status,
    ).toBe(404);
    expect(
      (
        await admin.post(serviceUrl(a), {
          intent: "move-request-type",
          requestTypeId: b.requestTypeId,
          direction: "up",
        })
      ).status,
    ).toBe(404);
    const untouched = await withTenant(db, { tenantId: b.id }, (trx) =>
      getRequestType(trx, b.id, b.serviceId, b.requestTypeId),
    );
    expect(untouched).toMatchObject({
      name: "New widget",
      service_name: "Managed Widgets",
      fields: [expect.objectContaining({ key: "size" })],
    });
  });
});
