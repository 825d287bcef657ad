import { z } from "zod";
import { withTenant } from "../../../db.server";
import { FIELD_KINDS } from "../../catalogue/request-form";
import { loadIntakeOptions } from "../../tickets/load-intake-options.server";
import { loadStaffOptions } from "../../tickets/load-staff-options.server";
import { ApiError } from "../api-error";
import { apiMember } from "../api-member.server";
import { defineEndpoint } from "../define-endpoint";

const serviceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  status: z.enum(["live", "retiring", "retired"]),
});

const customerSchema = z.object({ id: z.uuid(), name: z.string(), active: z.boolean() });

export const whoAmI = defineEndpoint({
  method: "GET",
  path: "/me",
  operationId: "getApiKey",
  summary: "The API key in use: its name and scopes (any key may call it)",
  tag: "Keys",
  scope: null,
  response: z.object({
    key: z.object({ id: z.uuid(), name: z.string(), scopes: z.array(z.string()) }),
  }),
  async handler({ principal }) {
    return { key: { id: principal.keyId, name: principal.keyName, scopes: principal.scopes } };
  },
});

export const listServices = defineEndpoint({
  method: "GET",
  path: "/services",
  operationId: "listServices",
  summary: "The service catalogue",
  tag: "Catalogue",
  scope: "tickets:read",
  query: z.strictObject({ status: z.enum(["live", "retiring", "retired"]).optional() }),
  response: z.object({ data: z.array(serviceSchema) }),
  async handler({ db, principal, query }) {
    const rows = await withTenant(db, { tenantId: principal.tenantId }, (trx) => {
      let q = trx
        .selectFrom("services")
        .select(["id", "name", "description", "category", "status"])
        .where("tenant_id", "=", principal.tenantId)
        .orderBy("name");
      if (query.status) q = q.where("status", "=", query.status);
      return q.execute();
    });
    return { data: rows };
  },
});

export const getService = defineEndpoint({
  method: "GET",
  path: "/services/{serviceId}",
  operationId: "getService",
  summary: "One service",
  tag: "Catalogue",
  scope: "tickets:read",
  params: z.object({ serviceId: z.uuid({ error: "serviceId must be a UUID" }) }),
  response: serviceSchema,
  errors: [404],
  async handler({ db, principal, params }) {
    const row = await withTenant(db, { tenantId: principal.tenantId }, (trx) =>
      trx
        .selectFrom("services")
        .select(["id", "name", "description", "category", "status"])
        .where("tenant_id", "=", principal.tenantId)
        .where("id", "=", params.serviceId)
        .executeTakeFirst(),
    );
    if (!row) throw new ApiError(404, "not_found", "No service with that id.");
    return row;
  },
});

export const listCustomers = defineEndpoint({
  method: "GET",
  path: "/customers",
  operationId: "listCustomers",
  summary: "Customer organisations",
  tag: "Customers",
  scope: "tickets:read",
  response: z.object({ data: z.array(customerSchema) }),
  async handler({ db, principal }) {
    const rows = await withTenant(db, { tenantId: principal.tenantId }, (trx) =>
      trx
        .selectFrom("customers")
        .select(["id", "name", "active"])
        .where("tenant_id", "=", principal.tenantId)
        .orderBy("name")
        .execute(),
    );
    return { data: rows };
  },
});

const customerIdParam = z.object({ customerId: z.uuid({ error: "customerId must be a UUID" }) });

export const getCustomer = defineEndpoint({
  method: "GET",
  path: "/customers/{customerId}",
  operationId: "getCustomer",
  summary: "One customer organisation",
  tag: "Customers",
  scope: "tickets:read",
  params: customerIdParam,
  response: customerSchema,
  errors: [404],
  async handler({ db, principal, params }) {
    const row = await withTenant(db, { tenantId: principal.tenantId }, (trx) =>
      trx
        .selectFrom("customers")
        .select(["id", "name", "active"])
        .where("tenant_id", "=", principal.tenantId)
        .where("id", "=", params.customerId)
        .executeTakeFirst(),
    );
    if (!row) throw new ApiError(404, "not_found", "No customer with that id.");
    return row;
  },
});

export const getCustomerIntake = defineEndpoint({
  method: "GET",
  path: "/customers/{customerId}/intake",
  operationId: "getCustomerIntake",
  summary: "What can be raised for a customer: services and request types (with their form fields)",
  description:
    "`services` are the services under the customer's live contracts (a `serviceId` for an incident); `requestTypes` are the active request types of those services (a `requestTypeId` for a request), with the fields whose answers go in `answers` by `key`. Inactive customers have none.",
  tag: "Customers",
  scope: "tickets:read",
  params: customerIdParam,
  response: z.object({
    services: z.array(z.object({ id: z.uuid(), name: z.string(), description: z.string() })),
    requestTypes: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        description: z.string(),
        serviceId: z.uuid(),
        serviceName: z.string(),
        fields: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            kind: z.enum(FIELD_KINDS),
            required: z.boolean(),
            options: z.array(z.string()).describe("The choices of a single or multiple choice"),
            helpText: z.string(),
          }),
        ),
      }),
    ),
  }),
  errors: [404],
  async handler({ db, principal, params }) {
    const member = await apiMember(db, principal);
    const exists = await withTenant(db, member.ctx, (trx) =>
      trx
        .selectFrom("customers")
        .select("id")
        .where("tenant_id", "=", member.ctx.tenantId)
        .where("id", "=", params.customerId)
        .executeTakeFirst(),
    );
    if (!exists) throw new ApiError(404, "not_found", "No customer with that id.");
    const intake = await loadIntakeOptions(db, member, { customerId: params.customerId });
    return {
      services: intake.services.map((s) => ({
        id: s.id,
        name: s.name,
        description: s.description,
      })),
      requestTypes: intake.requestTypes.map((t) => ({ ...t, fields: [...t.fields] })),
    };
  },
});

export const listAssignees = defineEndpoint({
  method: "GET",
  path: "/assignees",
  operationId: "listAssignees",
  summary: "Who tickets can be assigned to: active agents and admins, and agent groups",
  description:
    "An agent's `membershipId` is a ticket's `assigneeMembershipId` (and the queue's `assignee` filter); a group's `id` its `groupId`. An assignee given with a group must be one of its `memberIds`.",
  tag: "Tickets",
  scope: "tickets:read",
  response: z.object({
    agents: z.array(
      z.object({
        membershipId: z.uuid(),
        name: z.string(),
        email: z.string(),
        role: z.enum(["agent", "tenant_admin"]),
      }),
    ),
    groups: z.array(z.object({ id: z.uuid(), name: z.string(), memberIds: z.array(z.uuid()) })),
  }),
  async handler({ db, principal }) {
    const options = await loadStaffOptions(db, await apiMember(db, principal));
    return {
      agents: options.agents.map((a) => ({
        membershipId: a.membershipId,
        name: a.name,
        email: a.email,
        role: a.role as "agent" | "tenant_admin",
      })),
      groups: options.groups,
    };
  },
});

export const listContracts = defineEndpoint({
  method: "GET",
  path: "/contracts",
  operationId: "listContracts",
  summary: "Customer contracts: customer × service × SLA policy, fee and dates",
  tag: "Customers",
  scope: "tickets:read",
  query: z.strictObject({
    customerId: z.uuid({ error: "customerId must be a UUID" }).optional(),
  }),
  response: z.object({
    data: z.array(
      z.object({
        id: z.uuid(),
        customer: z.object({ id: z.uuid(), name: z.string() }),
        service: z.object({ id: z.uuid(), name: z.string() }),
        slaPolicy: z.object({ id: z.uuid(), name: z.string() }),
        monthlyFee: z.number().int().describe("Minor units (pence, cents)"),
        currency: z.string(),
        startsOn: z.string(),
        endsOn: z.string().nullable(),
      }),
    ),
  }),
  async handler({ db, principal, query }) {
    const rows = await withTenant(db, { tenantId: principal.tenantId }, (trx) => {
      let q = trx
        .selectFrom("contracts as k")
        .innerJoin("customers as c", (j) =>
          j.onRef("c.tenant_id", "=", "k.tenant_id").onRef("c.id", "=", "k.customer_id"),
        )
        .innerJoin("services as s", (j) =>
          j.onRef("s.tenant_id", "=", "k.tenant_id").onRef("s.id", "=", "k.service_id"),
        )
        .innerJoin("sla_policies as p", (j) =>
          j.onRef("p.tenant_id", "=", "k.tenant_id").onRef("p.id", "=", "k.sla_policy_id"),
        )
        .select([
          "k.id",
          "c.id as customer_id",
          "c.name as customer_name",
          "s.id as service_id",
          "s.name as service_name",
          "p.id as policy_id",
          "p.name as policy_name",
          "k.monthly_fee",
          "k.currency",
          "k.starts_on",
          "k.ends_on",
        ])
        .where("k.tenant_id", "=", principal.tenantId)
        .orderBy("c.name")
        .orderBy("s.name");
      if (query.customerId) q = q.where("k.customer_id", "=", query.customerId);
      return q.execute();
    });
    return {
      data: rows.map((r) => ({
        id: r.id,
        customer: { id: r.customer_id, name: r.customer_name },
        service: { id: r.service_id, name: r.service_name },
        slaPolicy: { id: r.policy_id, name: r.policy_name },
        monthlyFee: Number(r.monthly_fee),
        currency: r.currency,
        startsOn: String(r.starts_on),
        endsOn: r.ends_on ? String(r.ends_on) : null,
      })),
    };
  },
});
