import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Db } from "../../app/db.server";
import { addRequestTypeField } from "../../app/modules/catalogue/add-request-type-field.server";
import { createRequestType } from "../../app/modules/catalogue/create-request-type.server";
import { createService } from "../../app/modules/catalogue/create-service.server";
import { getRequestType } from "../../app/modules/catalogue/get-request-type.server";
import { getService } from "../../app/modules/catalogue/get-service.server";
import {
  listServiceCategories,
  listServices,
} from "../../app/modules/catalogue/list-services.server";
import { moveRequestTypeField } from "../../app/modules/catalogue/move-request-type-field.server";
import { moveRequestType } from "../../app/modules/catalogue/move-request-type.server";
import { removeRequestTypeField } from "../../app/modules/catalogue/remove-request-type-field.server";
import type { FieldInput } from "../../app/modules/catalogue/schemas";
import {
  setRequestTypeActive,
  updateRequestType,
} from "../../app/modules/catalogue/update-request-type.server";
import { updateRequestTypeField } from "../../app/modules/catalogue/update-request-type-field.server";
import { updateService } from "../../app/modules/catalogue/update-service.server";
import { AppError } from "../../app/modules/errors";
import { testDb } from "../support/db";
import { createTestTenant, type TestTenant } from "../support/factories";

let db: Db;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  db = await testDb();
  a = await createTestTenant(db);
  b = await createTestTenant(db);
});

function adminOf(t: TestTenant) {
  const userId = t.people.admin.userId;
  return { ctx: { tenantId: t.id, userId }, actor: { userId, label: "Test Admin" } };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, field: error.details.field, message: error.message };
    throw error;
  }
  throw new Error("expected the call to be refused");
}

function auditOf(t: TestTenant, entityId: string) {
  return withTenant(db, { tenantId: t.id }, (trx) =>
    trx
      .selectFrom("audit_events")
      .select(["action", "entity_type", "actor_label", "before", "after"])
      .where("tenant_id", "=", t.id)
      .where("entity_id", "=", entityId)
      .orderBy("at")
      .orderBy("id")
      .execute(),
  );
}

let counter = 0;
const unique = (name: string) => `${name} ${++counter}`;

function newService(t: TestTenant, input: Partial<Parameters<typeof createService>[2]> = {}) {
  return createService(db, adminOf(t), {
    name: unique("Service"),
    description: "",
    category: "",
    ownerMembershipId: null,
    ...input,
  });
}

const field = (
  label: string,
  kind: FieldInput["kind"],
  extra: Partial<FieldInput> = {},
): FieldInput => ({
  label,
  kind,
  required: false,
  helpText: "",
  options: [],
  ...extra,
});

describe("services", () => {
  it("creates a live service with an owner, and writes the audit event", async () => {
    const service = await createService(db, adminOf(a), {
      name: "Managed Kubernetes",
      description: "Clusters run by us.",
      category: "Compute",
      ownerMembershipId: a.people.agent.membershipId,
    });
    expect(service).toMatchObject({
      name: "Managed Kubernetes",
      status: "live",
      owner_membership_id: a.people.agent.membershipId,
    });
    const detail = await withTenant(db, { tenantId: a.id }, (trx) =>
      getService(trx, a.id, service.id),
    );
    expect(detail).toMatchObject({
      name: "Managed Kubernetes",
      category: "Compute",
      owner_email: a.people.agent.email,
      requestTypes: [],
    });
    const audit = await auditOf(a, service.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: "service.created",
        entity_type: "service",
        actor_label: "Test Admin",
        before: null,
      }),
    ]);
    expect(audit[0]!.after).toMatchObject({ name: "Managed Kubernetes", status: "live" });
  });

  it("refuses a duplicate name (ignoring case) with a conflict naming the field", async () => {
    const name = unique("Object Storage");
    await newService(a, { name });
    expect(await refusal(newService(a, { name: name.toUpperCase() }))).toEqual({
      code: "conflict",
      field: "name",
      message: "A service with that name already exists.",
    });
    await expect(newService(b, { name })).resolves.toMatchObject({ name });
  });

  it("only lets an active staff member of the tenant own a service", async () => {
    const notOwner = {
      code: "validation",
      field: "ownerMembershipId",
      message: "The owner must be an active staff member of this workspace",
    };
    expect(
      await refusal(newService(a, { ownerMembershipId: a.people.customer.membershipId })),
    ).toEqual(notOwner);
    expect(
      await refusal(newService(a, { ownerMembershipId: b.people.agent.membershipId })),
    ).toEqual(notOwner);
  });

  it("moves status live → retiring → retired, back from retiring to live, and never out of retired", async () => {
    const service = await newService(a);
    const edit = (status: "live" | "retiring" | "retired") =>
      updateService(db, adminOf(a), {
        serviceId: service.id,
        name: service.name,
        description: "",
        category: "",
        ownerMembershipId: null,
        status,
      });
    expect(await refusal(edit("retired"))).toEqual({
      code: "validation",
      field: "status",
      message: "A live service can only become retiring",
    });
    await expect(edit("retiring")).resolves.toMatchObject({ status: "retiring" });
    await expect(edit("live")).resolves.toMatchObject({ status: "live" });
    await edit("retiring");
    await expect(edit("retired")).resolves.toMatchObject({ status: "retired" });
    expect(await refusal(edit("live"))).toEqual({
      code: "validation",
      field: "status",
      message: "A retired service cannot change status",
    });
    const actions = (await auditOf(a, service.id)).map((e) => e.action);
    expect(actions).toEqual([
      "service.created",
      "service.status_changed",
      "service.status_changed",
      "service.status_changed",
      "service.status_changed",
    ]);
  });

  it("edits name, description, category and owner with before and after in the audit log", async () => {
    const service = await newService(a, { category: "Compute" });
    const after = await updateService(db, adminOf(a), {
      serviceId: service.id,
      name: `${service.name} (renamed)`,
      description: "Now with a description",
      category: "Storage",
      ownerMembershipId: a.people.accountManager.membershipId,
      status: "live",
    });
    expect(after).toMatchObject({
      category: "Storage",
      description: "Now with a description",
      owner_membership_id: a.people.accountManager.membershipId,
    });
    const [, updated] = await auditOf(a, service.id);
    expect(updated).toMatchObject({
      action: "service.updated",
      before: { category: "Compute" },
      after: { category: "Storage" },
    });
  });

  it("does not find or change another tenant's service", async () => {
    expect(
      await withTenant(db, { tenantId: a.id }, (trx) => getService(trx, a.id, b.serviceId)),
    ).toBeUndefined();
    const attempt = updateService(db, adminOf(a), {
      serviceId: b.serviceId,
      name: "Hijacked",
      description: "",
      category: "",
      ownerMembershipId: null,
      status: "live",
    });
    expect(await refusal(attempt)).toMatchObject({ code: "not_found" });
    expect(
      await refusal(
        createRequestType(db, adminOf(a), {
          serviceId: b.serviceId,
          name: "Sneaky",
          description: "",
        }),
      ),
    ).toMatchObject({ code: "not_found" });
  });

  it("lists services with request type counts, filtered by status and category", async () => {
    const t = await createTestTenant(db);
    const compute = await newService(t, { name: "Compute One", category: "Compute" });
    await newService(t, { name: "Storage One", category: "Storage" });
    const first = await createRequestType(db, adminOf(t), {
      serviceId: compute.id,
      name: "First",
      description: "",
    });
    await createRequestType(db, adminOf(t), {
      serviceId: compute.id,
      name: "Second",
      description: "",
    });
    await setRequestTypeActive(db, adminOf(t), {
      serviceId: compute.id,
      requestTypeId: first.id,
      active: false,
    });
    await updateService(db, adminOf(t), {
      serviceId: compute.id,
      name: "Compute One",
      description: "",
      category: "Compute",
      ownerMembershipId: null,
      status: "retiring",
    });

    const list = (filter = {}) =>
      withTenant(db, { tenantId: t.id }, (trx) => listServices(trx, t.id, filter));
    expect(
      (await list()).map((s) => [
        s.name,
        s.status,
        s.request_type_count,
        s.active_request_type_count,
      ]),
    ).toEqual([
      ["Compute One", "retiring", 2, 1],
      ["Managed Widgets", "live", 1, 1],
      ["Storage One", "live", 0, 0],
    ]);
    expect((await list({ status: "live" })).map((s) => s.name)).toEqual([
      "Managed Widgets",
      "Storage One",
    ]);
    expect((await list({ category: "Storage" })).map((s) => s.name)).toEqual(["Storage One"]);
    expect((await list({ category: "Compute", status: "live" })).map((s) => s.name)).toEqual([
      "Managed Widgets",
    ]);
    expect(
      await withTenant(db, { tenantId: t.id }, (trx) => listServiceCategories(trx, t.id)),
    ).toEqual(["Compute", "Storage"]);
  });
});

describe("request types", () => {
  it("adds request types at the end, reorders them, and audits each change", async () => {
    const service = await newService(a);
    const names = ["New cluster", "Scale a node pool", "Decommission"];
    const created = [];
    for (const name of names)
      created.push(
        await createRequestType(db, adminOf(a), { serviceId: service.id, name, description: "" }),
      );
    const order = async () =>
      (await withTenant(db, { tenantId: a.id }, (trx) =>
        getService(trx, a.id, service.id),
      ))!.requestTypes.map((rt) => rt.name);
    expect(await order()).toEqual(names);

    await moveRequestType(db, adminOf(a), {
      serviceId: service.id,
      requestTypeId: created[2]!.id,
      direction: "up",
    });
    expect(await order()).toEqual(["New cluster", "Decommission", "Scale a node pool"]);
    expect(
      await moveRequestType(db, adminOf(a), {
        serviceId: service.id,
        requestTypeId: created[0]!.id,
        direction: "up",
      }),
    ).toEqual({ moved: false });
    await moveRequestType(db, adminOf(a), {
      serviceId: service.id,
      requestTypeId: created[0]!.id,
      direction: "down",
    });
    expect(await order()).toEqual(["Decommission", "New cluster", "Scale a node pool"]);

    const moved = await auditOf(a, created[0]!.id);
    expect(moved.map((e) => e.action)).toEqual(["request_type.created", "request_type.moved"]);
    expect(moved[1]).toMatchObject({
      before: { order: ["New cluster", "Decommission", "Scale a node pool"] },
      after: { order: ["Decommission", "New cluster", "Scale a node pool"] },
    });
  });

  it("refuses a duplicate name within a service but allows it in another", async () => {
    const one = await newService(a);
    const two = await newService(a);
    await createRequestType(db, adminOf(a), {
      serviceId: one.id,
      name: "Increase quota",
      description: "",
    });
    expect(
      await refusal(
        createRequestType(db, adminOf(a), {
          serviceId: one.id,
          name: "increase QUOTA",
          description: "",
        }),
      ),
    ).toEqual({
      code: "conflict",
      field: "name",
      message: "This service already has a request type with that name.",
    });
    await expect(
      createRequestType(db, adminOf(a), {
        serviceId: two.id,
        name: "Increase quota",
        description: "",
      }),
    ).resolves.toBeTruthy();
  });

  it("renames, deactivates and reactivates a request type, each audited", async () => {
    const service = await newService(a);
    const rt = await createRequestType(db, adminOf(a), {
      serviceId: service.id,
      name: "Restore",
      description: "",
    });
    const ids = { serviceId: service.id, requestTypeId: rt.id };
    await updateRequestType(db, adminOf(a), {
      ...ids,
      name: "Restore a backup",
      description: "From a daily backup",
    });
    await setRequestTypeActive(db, adminOf(a), { ...ids, active: false });
    const detail = await withTenant(db, { tenantId: a.id }, (trx) =>
      getRequestType(trx, a.id, service.id, rt.id),
    );
    expect(detail).toMatchObject({
      name: "Restore a backup",
      description: "From a daily backup",
      active: false,
      service_name: service.name,
    });
    await setRequestTypeActive(db, adminOf(a), { ...ids, active: true });
    expect((await auditOf(a, rt.id)).map((e) => e.action)).toEqual([
      "request_type.created",
      "request_type.updated",
      "request_type.deactivated",
      "request_type.reactivated",
    ]);
  });

  it("refuses new request types on a retired service", async () => {
    const service = await newService(a);
    const base = {
      serviceId: service.id,
      name: service.name,
      description: "",
      category: "",
      ownerMembershipId: null,
    };
    await updateService(db, adminOf(a), { ...base, status: "retiring" });
    await updateService(db, adminOf(a), { ...base, status: "retired" });
    expect(
      await refusal(
        createRequestType(db, adminOf(a), { serviceId: service.id, name: "Late", description: "" }),
      ),
    ).toEqual({
      code: "validation",
      field: undefined,
      message: "A retired service cannot take new request types.",
    });
  });

  it("only finds a request type under its own service", async () => {
    const other = await newService(a);
    expect(
      await withTenant(db, { tenantId: a.id }, (trx) =>
        getRequestType(trx, a.id, other.id, a.requestTypeId),
      ),
    ).toBeUndefined();
    expect(
      await withTenant(db, { tenantId: a.id }, (trx) =>
        getRequestType(trx, a.id, b.serviceId, b.requestTypeId),
      ),
    ).toBeUndefined();
    const wrongParent = updateRequestType(db, adminOf(a), {
      serviceId: other.id,
      requestTypeId: a.requestTypeId,
      name: "x",
      description: "",
    });
    expect(await refusal(wrongParent)).toMatchObject({ code: "not_found" });
  });
});

describe("request type fields", () => {
  async function newRequestType() {
    const service = await newService(a);
    const rt = await createRequestType(db, adminOf(a), {
      serviceId: service.id,
      name: "New cluster",
      description: "",
    });
    const ids = { serviceId: service.id, requestTypeId: rt.id };
    const fields = async () =>
      (await withTenant(db, { tenantId: a.id }, (trx) =>
        getRequestType(trx, a.id, service.id, rt.id),
      ))!.fields;
    return { ids, fields };
  }

  it("adds fields in order with keys derived from their labels, and audits them", async () => {
    const { ids, fields } = await newRequestType();
    const region = await addRequestTypeField(db, adminOf(a), {
      ...ids,
      ...field("Region", "single_choice", { required: true, options: ["London", "Amsterdam"] }),
    });
    await addRequestTypeField(db, adminOf(a), {
      ...ids,
      ...field("Node count", "number", { helpText: "3 to 50" }),
    });
    await addRequestTypeField(db, adminOf(a), { ...ids, ...field("Node-count (spare)", "number") });
    await addRequestTypeField(db, adminOf(a), { ...ids, ...field("Node count!", "text") });
    expect(
      (await fields()).map((f) => [f.key, f.label, f.kind, f.required, f.options, f.help_text]),
    ).toEqual([
      ["region", "Region", "single_choice", true, ["London", "Amsterdam"], ""],
      ["node_count", "Node count", "number", false, [], "3 to 50"],
      ["node_count_spare", "Node-count (spare)", "number", false, [], ""],
      ["node_count_2", "Node count!", "text", false, [], ""],
    ]);
    expect(await auditOf(a, region.id)).toEqual([
      expect.objectContaining({
        action: "request_type_field.added",
        entity_type: "request_type_field",
        after: expect.objectContaining({ key: "region" }),
      }),
    ]);
  });

  it("refuses a second field with the same label (ignoring case) with a conflict naming the label", async () => {
    const { ids } = await newRequestType();
    await addRequestTypeField(db, adminOf(a), { ...ids, ...field("Bucket", "text") });
    expect(
      await refusal(
        addRequestTypeField(db, adminOf(a), { ...ids, ...field("BUCKET", "long_text") }),
      ),
    ).toEqual({
      code: "conflict",
      field: "label",
      message: "This request type already has a field with that label.",
    });
  });

  it("edits a field but keeps its key, refusing a label another field has", async () => {
    const { ids, fields } = await newRequestType();
    const size = await addRequestTypeField(db, adminOf(a), { ...ids, ...field("Size", "text") });
    await addRequestTypeField(db, adminOf(a), { ...ids, ...field("Region", "text") });
    await updateRequestTypeField(db, adminOf(a), {
      ...ids,
      fieldId: size.id,
      ...field("Instance size", "single_choice", {
        required: true,
        options: ["Small", "Large"],
        helpText: "Pick one",
      }),
    });
    expect((await fields())[0]).toMatchObject({
      key: "size",
      label: "Instance size",
      kind: "single_choice",
      required: true,
      options: ["Small", "Large"],
      help_text: "Pick one",
    });
    expect(
      await refusal(
        updateRequestTypeField(db, adminOf(a), {
          ...ids,
          fieldId: size.id,
          ...field("region", "text"),
        }),
      ),
    ).toMatchObject({
      code: "conflict",
      field: "label",
    });
    const audit = await auditOf(a, size.id);
    expect(audit.map((e) => e.action)).toEqual([
      "request_type_field.added",
      "request_type_field.updated",
    ]);
    expect(audit[1]).toMatchObject({
      before: { label: "Size", kind: "text" },
      after: { label: "Instance size", kind: "single_choice" },
    });
  });

  it("moves fields up and down and removes them", async () => {
    const { ids, fields } = await newRequestType();
    const added = [];
    for (const label of ["One", "Two", "Three"])
      added.push(await addRequestTypeField(db, adminOf(a), { ...ids, ...field(label, "text") }));
    await moveRequestTypeField(db, adminOf(a), { ...ids, fieldId: added[2]!.id, direction: "up" });
    await moveRequestTypeField(db, adminOf(a), { ...ids, fieldId: added[2]!.id, direction: "up" });
    expect((await fields()).map((f) => f.label)).toEqual(["Three", "One", "Two"]);
    expect((await fields()).map((f) => f.position)).toEqual([0, 1, 2]);
    expect(
      await moveRequestTypeField(db, adminOf(a), {
        ...ids,
        fieldId: added[1]!.id,
        direction: "down",
      }),
    ).toEqual({ moved: false });

    await removeRequestTypeField(db, adminOf(a), { ...ids, fieldId: added[0]!.id });
    expect((await fields()).map((f) => f.label)).toEqual(["Three", "Two"]);
    await addRequestTypeField(db, adminOf(a), { ...ids, ...field("Four", "date") });
    expect((await fields()).map((f) => f.label)).toEqual(["Three", "Two", "Four"]);
    expect((await auditOf(a, added[0]!.id)).map((e) => e.action)).toEqual([
      "request_type_field.added",
      "request_type_field.removed",
    ]);
    expect((await auditOf(a, added[2]!.id)).map((e) => e.action)).toEqual([
      "request_type_field.added",
      "request_type_field.moved",
      "request_type_field.moved",
    ]);
  });

  it("does not touch fields of another request type or tenant", async () => {
    const { ids } = await newRequestType();
    const [bField] = await withTenant(
      db,
      { tenantId: b.id },
      async (trx) => (await getRequestType(trx, b.id, b.serviceId, b.requestTypeId))!.fields,
    );
    expect(
      await refusal(removeRequestTypeField(db, adminOf(a), { ...ids, fieldId: bField!.id })),
    ).toMatchObject({ code: "not_found" });
    expect(
      await refusal(
        addRequestTypeField(db, adminOf(a), {
          serviceId: b.serviceId,
          requestTypeId: b.requestTypeId,
          ...field("X", "text"),
        }),
      ),
    ).toMatchObject({
      code: "not_found",
    });
  });
});
