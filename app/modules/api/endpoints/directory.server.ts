import { z } from "zod";
import { withTenant } from "../../../db.server";
import { ApiError } from "../api-error";
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
  summary: "The API key in use: its name and scopes",
  tag: "Keys",
  scope: "tickets:read",
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
  query: z.object({ status: z.enum(["live", "retiring", "retired"]).optional() }),
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

export const listContracts = defineEndpoint({
  method: "GET",
  path: "/contracts",
  operationId: "listContracts",
  summary: "Customer contracts: customer × service × SLA policy, fee and dates",
  tag: "Customers",
  scope: "tickets:read",
  query: z.object({ customerId: z.uuid({ error: "customerId must be a UUID" }).optional() }),
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
