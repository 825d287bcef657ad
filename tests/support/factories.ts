import { randomUUID } from "node:crypto";
import { withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import type { Role } from "../../app/modules/auth/permissions";
import { hashPassword } from "../../app/modules/auth/passwords.server";
import { createTenant } from "../../app/modules/tenancy/create-tenant.server";
import { inviteUser } from "../../app/modules/users/invite-user.server";
import { addMember } from "../../app/modules/users/add-member.server";

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
  return { id: tenant.id, slug, name: tenant.name, customers, people };
}
