import type { Db } from "../../app/db.server";
import { withSystem } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import { hashPassword } from "../../app/modules/auth/passwords.server";
import { createTenant } from "../../app/modules/tenancy/create-tenant.server";
import { addMember } from "../../app/modules/users/add-member.server";
import { ensureUser } from "../../app/modules/users/ensure-user.server";
import { seedCredits } from "./credits";
import { seedFabrikamCatalogue, seedNorthwindCatalogue } from "./demo-catalogue";
import { seedFabrikamSla, seedNorthwindSla } from "./demo-sla";
import { seedReviews } from "./reviews";
import { seedNorthwindTickets } from "./tickets";

export const DEMO_PASSWORD = "covenant-demo";

export const DEMO_SIGN_INS = [
  { email: "operator@covenant.test", what: "platform operator (/platform)" },
  { email: "admin@northwind.test", what: "Northwind Cloud · tenant admin" },
  { email: "agent@northwind.test", what: "Northwind Cloud · agent" },
  { email: "am@northwind.test", what: "Northwind Cloud · account manager" },
  { email: "finance@northwind.test", what: "Northwind Cloud · finance" },
  { email: "finance2@northwind.test", what: "Northwind Cloud · finance (second approver)" },
  { email: "customer@contoso.test", what: "Northwind Cloud · customer (Contoso Retail)" },
  { email: "customer@tailspin.test", what: "Northwind Cloud · customer (Tailspin Toys)" },
  { email: "admin@fabrikam.test", what: "Fabrikam Hosting · tenant admin" },
  { email: "customer@litware.test", what: "Fabrikam Hosting · customer (Litware)" },
];

export async function hasAnyTenant(db: Db) {
  return withSystem(db, async (trx) => {
    const row = await trx.selectFrom("tenants").select("id").limit(1).executeTakeFirst();
    return Boolean(row);
  });
}

async function addCustomer(db: Db, tenantId: string, name: string) {
  return withSystem(db, (trx) =>
    trx
      .insertInto("customers")
      .values({ tenant_id: tenantId, name })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
}

/** The demo workspaces of the README. Idempotent only in the sense that it refuses to run twice. */
export async function seedDemo(db: Db) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actor = SYSTEM_ACTOR;

  await withSystem(db, (trx) =>
    ensureUser(trx, { email: "operator@covenant.test", name: "Olivia Operator", passwordHash }),
  );

  const { tenant: northwind } = await createTenant(db, actor, {
    name: "Northwind Cloud",
    slug: "northwind",
    adminEmail: "admin@northwind.test",
    adminName: "Nadia Admin",
    adminPasswordHash: passwordHash,
    accentColor: "#0f766e",
  });
  const contoso = await addCustomer(db, northwind.id, "Contoso Retail");
  const tailspin = await addCustomer(db, northwind.id, "Tailspin Toys");
  const northwindPeople = [
    { email: "agent@northwind.test", name: "Arjun Agent", role: "agent" as const },
    {
      email: "am@northwind.test",
      name: "Amelia Account-Manager",
      role: "account_manager" as const,
    },
    { email: "finance@northwind.test", name: "Farid Finance", role: "finance" as const },
    {
      email: "customer@contoso.test",
      name: "Carla Contoso",
      role: "customer" as const,
      customerId: contoso.id,
    },
    {
      email: "customer@tailspin.test",
      name: "Tom Tailspin",
      role: "customer" as const,
      customerId: tailspin.id,
    },
  ];
  for (const person of northwindPeople) {
    await addMember(db, actor, { tenantId: northwind.id, passwordHash, ...person });
  }
  const services = await seedNorthwindCatalogue(db, northwind.id);
  const northwindSla = await seedNorthwindSla(
    db,
    northwind.id,
    { contoso: contoso.id, tailspin: tailspin.id },
    services,
  );
  const northwindTickets = await seedNorthwindTickets(db, northwind.id, {
    customers: { contoso: contoso.id, tailspin: tailspin.id },
    services,
  });

  const { tenant: fabrikam } = await createTenant(db, actor, {
    name: "Fabrikam Hosting",
    slug: "fabrikam",
    adminEmail: "admin@fabrikam.test",
    adminName: "Fiona Admin",
    adminPasswordHash: passwordHash,
    accentColor: "#7c3aed",
  });
  const litware = await addCustomer(db, fabrikam.id, "Litware");
  await addMember(db, actor, {
    tenantId: fabrikam.id,
    email: "customer@litware.test",
    name: "Leo Litware",
    role: "customer",
    customerId: litware.id,
    passwordHash,
  });
  const fabrikamServices = await seedFabrikamCatalogue(db, fabrikam.id);
  const fabrikamSla = await seedFabrikamSla(db, fabrikam.id, { litware: litware.id });
  // Last: the credit run reads the demo's outages and tickets.
  const northwindCredits = await seedCredits(db, northwind, {
    contoso: contoso.id,
    kubernetes: services.kubernetes,
    passwordHash,
  });
  // After the credits: the review packs freeze past months' figures, credits included.
  await seedReviews(db, { tenantId: northwind.id, contoso: contoso.id, tailspin: tailspin.id });
  return {
    northwind,
    fabrikam,
    services,
    fabrikamServices,
    northwindSla,
    fabrikamSla,
    northwindTickets,
    northwindCredits,
  };
}
