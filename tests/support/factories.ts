import { randomUUID } from "node:crypto";
import { loadConfig } from "../../app/config.server";
import { seal } from "../../app/modules/crypto/secret-box.server";
import { WEBHOOK_SECRET_PURPOSE } from "../../app/modules/webhooks/manage-endpoints.server";
import { withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import type { Role } from "../../app/modules/auth/permissions";
import { hashPassword } from "../../app/modules/auth/passwords.server";
import { createTenant } from "../../app/modules/tenancy/create-tenant.server";
import { inviteUser } from "../../app/modules/users/invite-user.server";
import { addMember } from "../../app/modules/users/add-member.server";
import { addCreditRows } from "./credits";
import { addReportRows } from "./reports";
import { addTicketRows } from "./tickets";

export const TEST_PASSWORD = "correct horse battery staple";

let passwordHash: Promise<string> | null = null;
function testPasswordHash() {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

export function uniqueSlug(prefix = "t") {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export type TestPerson = {
  userId: string;
  membershipId: string;
  email: string;
  role: Role;
  customerId: string | null;
};

export type TestTenant = {
  id: string;
  slug: string;
  name: string;
  customers: Array<{ id: string; name: string }>;
  people: Record<
    "admin" | "agent" | "accountManager" | "finance" | "customer" | "otherCustomer",
    TestPerson
  >;
  /** The catalogue rows every test tenant has: service "Managed Widgets" and its request type "New widget". */
  serviceId: string;
  requestTypeId: string;
  /** A disabled webhook endpoint with one failed delivery. */
  webhookEndpointId: string;
  /** SLA rows: an office-hours calendar (with a holiday), a policy at version 1, and a live contract for customers[0] on the service. */
  calendarId: string;
  policyId: string;
  policyVersionId: string;
  contractId: string;
  /** Ticket rows: customers[0]'s incident (with a public attachment) and customers[1]'s, linked; an agent group. */
  ticketNumber: string;
  ticketId: string;
  otherTicketNumber: string;
  attachmentId: string;
  groupId: string;
  /** Credit rows: a computed credit line for customers[0]'s contract (January 2026), a maintenance window, Stripe settings. */
  creditId: string;
  /** A published review of last month for customers[0] (its account manager: people.accountManager), with one open action. */
  reviewId: string;
};

/**
 * A tenant with two customers and one person per role (a customer user for each customer), plus a
 * pending invitation and audit events, so every tenant table has rows for isolation tests.
 */
export async function createTestTenant(db: Db, opts: { name?: string } = {}): Promise<TestTenant> {
  const hash = await testPasswordHash();
  const slug = uniqueSlug();
  const adminEmail = `admin@${slug}.test`;
  const { tenant } = await createTenant(db, SYSTEM_ACTOR, {
    name: opts.name ?? `Tenant ${slug}`,
    slug,
    adminEmail,
    adminPasswordHash: hash,
    adminName: "Test Admin",
  });
  const customers = await withSystem(db, (trx) =>
    trx
      .insertInto("customers")
      .values([
        { tenant_id: tenant.id, name: "Customer One" },
        { tenant_id: tenant.id, name: "Customer Two" },
      ])
      .returning(["id", "name"])
      .execute(),
  );
  const admin = await withSystem(db, (trx) =>
    trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id", "users.id as user_id"])
      .where("memberships.tenant_id", "=", tenant.id)
      .executeTakeFirstOrThrow(),
  );
  const add = async (
    key: string,
    role: Role,
    customerId: string | null = null,
  ): Promise<TestPerson> => {
    const email = `${key}@${slug}.test`;
    const { userId, membershipId } = await addMember(db, SYSTEM_ACTOR, {
      tenantId: tenant.id,
      email,
      name: `Test ${key}`,
      role,
      customerId,
      passwordHash: hash,
    });
    return { userId, membershipId, email, role, customerId };
  };
  const people = {
    admin: {
      userId: admin.user_id,
      membershipId: admin.id,
      email: adminEmail,
      role: "tenant_admin" as const,
      customerId: null,
    },
    agent: await add("agent", "agent"),
    accountManager: await add("am", "account_manager"),
    finance: await add("finance", "finance"),
    customer: await add("customer1", "customer", customers[0]!.id),
    otherCustomer: await add("customer2", "customer", customers[1]!.id),
  };
  await inviteUser(
    db,
    {
      ctx: { tenantId: tenant.id, userId: admin.user_id },
      actor: { userId: admin.user_id, label: "Test Admin" },
      tenant: { ...tenant, accent_color: "#000000", logo_url: null },
    },
    { email: `invitee@${slug}.test`, role: "agent", customerId: null },
  );
  await withSystem(db, async (trx) => {
    await trx
      .insertInto("counters")
      .values({ tenant_id: tenant.id, name: "TEST", value: 1 })
      .execute();
    const service = await trx
      .insertInto("services")
      .values({
        tenant_id: tenant.id,
        name: "Managed Widgets",
        category: "Compute",
        owner_membership_id: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const requestType = await trx
      .insertInto("request_types")
      .values({ tenant_id: tenant.id, service_id: service.id, name: "New widget" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("request_type_fields")
      .values({
        tenant_id: tenant.id,
        request_type_id: requestType.id,
        key: "size",
        label: "Size",
        kind: "single_choice",
        required: true,
        options: JSON.stringify(["small", "large"]),
      })
      .execute();
  });
  const catalogue = await withSystem(db, (trx) =>
    trx
      .selectFrom("request_types")
      .select(["service_id as serviceId", "id as requestTypeId"])
      .where("tenant_id", "=", tenant.id)
      .where("name", "=", "New widget")
      .executeTakeFirstOrThrow(),
  );
  const sla = await withSystem(db, async (trx) => {
    const weekday: Array<[string, string]> = [["09:00", "17:30"]];
    const calendar = await trx
      .insertInto("calendars")
      .values({
        tenant_id: tenant.id,
        name: "Office hours",
        time_zone: "Europe/London",
        weekly: JSON.stringify({
          0: [],
          1: weekday,
          2: weekday,
          3: weekday,
          4: weekday,
          5: weekday,
          6: [],
        }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("calendar_holidays")
      .values({
        tenant_id: tenant.id,
        calendar_id: calendar.id,
        date: "2026-12-25",
        name: "Christmas Day",
      })
      .execute();
    const policy = await trx
      .insertInto("sla_policies")
      .values({ tenant_id: tenant.id, name: "Standard", current_version_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("sla_policy_versions")
      .values({
        tenant_id: tenant.id,
        policy_id: policy.id,
        version: 1,
        calendar_id: calendar.id,
        p1_response_minutes: 30,
        p1_resolution_minutes: 240,
        p2_response_minutes: 60,
        p2_resolution_minutes: 480,
        p3_response_minutes: 240,
        p3_resolution_minutes: 1530,
        p4_response_minutes: 480,
        p4_resolution_minutes: 2550,
        pause_statuses: ["awaiting_customer"],
        warning_percent: 80,
        availability_target: "99.9",
        credit_tiers: JSON.stringify([
          { below: 99.9, percent: 10 },
          { below: 99, percent: 25 },
        ]),
        credit_cap_percent: "50",
        created_by: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("sla_policies")
      .set({ current_version_id: version.id })
      .where("tenant_id", "=", tenant.id)
      .where("id", "=", policy.id)
      .execute();
    const contracts = await trx
      .insertInto("contracts")
      .values(
        customers.map((customer) => ({
          tenant_id: tenant.id,
          customer_id: customer.id,
          service_id: catalogue.serviceId,
          sla_policy_id: policy.id,
          monthly_fee: 100_000,
          currency: "GBP",
          starts_on: "2026-01-01",
          ends_on: null,
          stripe_customer_id: null,
        })),
      )
      .returning(["id", "customer_id"])
      .execute();
    return {
      calendarId: calendar.id,
      policyId: policy.id,
      policyVersionId: version.id,
      contractId: contracts.find((c) => c.customer_id === customers[0]!.id)!.id,
    };
  });
  const integrations = await withSystem(db, async (trx) => {
    const apiKey = await trx
      .insertInto("api_keys")
      .values({
        tenant_id: tenant.id,
        name: "Factory key",
        scopes: ["tickets:read"],
        secret_hash: "0".repeat(64),
        last_four: "0000",
        created_by: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("api_rate_windows")
      .values({
        tenant_id: tenant.id,
        api_key_id: apiKey.id,
        window_start: new Date(0),
        requests: 1,
      })
      .execute();
    const endpoint = await trx
      .insertInto("webhook_endpoints")
      .values({
        tenant_id: tenant.id,
        url: "http://127.0.0.1:9/factory",
        events: ["ticket.created"],
        secret_sealed: seal(loadConfig().secret, WEBHOOK_SECRET_PURPOSE, "whsec_factory"),
        active: false,
        created_by: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("webhook_deliveries")
      .values({
        tenant_id: tenant.id,
        endpoint_id: endpoint.id,
        event_id: randomUUID(),
        event_type: "ticket.created",
        payload: JSON.stringify({ factory: true }),
        status: "failed",
        next_attempt_at: null,
      })
      .execute();
    const route = await trx
      .insertInto("alert_routes")
      .values({
        tenant_id: tenant.id,
        name: "Factory route",
        matchers: JSON.stringify({ factory: "yes" }),
        customer_id: customers[0]!.id,
        service_id: catalogue.serviceId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("alert_events")
      .values({
        tenant_id: tenant.id,
        fingerprint: "factory",
        starts_at: new Date("2026-01-01T00:00:00Z"),
        labels: JSON.stringify({ factory: "yes" }),
        route_id: route.id,
        customer_id: customers[0]!.id,
        status: "resolved",
      })
      .execute();
    return { webhookEndpointId: endpoint.id };
  });
  const tickets = await addTicketRows(
    db,
    { id: tenant.id, slug, name: tenant.name, serviceId: catalogue.serviceId },
    people,
  );
  const credits = await addCreditRows(
    db,
    { id: tenant.id },
    {
      ...catalogue,
      ...sla,
      customerId: customers[0]!.id,
      financeMembershipId: people.finance.membershipId,
      ticketId: tickets.ticketId,
      ticketNumber: tickets.ticketNumber,
    },
  );
  const reports = await addReportRows(
    db,
    { id: tenant.id, slug, name: tenant.name, serviceId: catalogue.serviceId },
    people,
    customers,
  );
  return {
    id: tenant.id,
    slug,
    name: tenant.name,
    customers,
    people,
    ...catalogue,
    ...sla,
    ...integrations,
    ...tickets,
    ...credits,
    ...reports,
  };
}
