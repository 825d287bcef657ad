import { withSystem, type Db } from "../../app/db.server";
import { SYSTEM_ACTOR } from "../../app/modules/audit/record-audit.server";
import { createContract } from "../../app/modules/contracts/create-contract.server";
import { createCalendar } from "../../app/modules/sla/create-calendar.server";
import { createPolicy } from "../../app/modules/sla/create-policy.server";
import { addHoliday } from "../../app/modules/sla/holidays.server";
import type { PolicyVersionInput } from "../../app/modules/sla/schemas";

/** England & Wales bank holidays (substitute days where the holiday falls on a weekend). */
const ENGLAND_AND_WALES_BANK_HOLIDAYS = [
  ["2026-01-01", "New Year's Day"],
  ["2026-04-03", "Good Friday"],
  ["2026-04-06", "Easter Monday"],
  ["2026-05-04", "Early May bank holiday"],
  ["2026-05-25", "Spring bank holiday"],
  ["2026-08-31", "Summer bank holiday"],
  ["2026-12-25", "Christmas Day"],
  ["2026-12-28", "Boxing Day (substitute day)"],
  ["2027-01-01", "New Year's Day"],
  ["2027-03-26", "Good Friday"],
  ["2027-03-29", "Easter Monday"],
  ["2027-05-03", "Early May bank holiday"],
  ["2027-05-31", "Spring bank holiday"],
  ["2027-08-30", "Summer bank holiday"],
  ["2027-12-27", "Christmas Day (substitute day)"],
  ["2027-12-28", "Boxing Day (substitute day)"],
  ["2028-01-03", "New Year's Day (substitute day)"],
  ["2028-04-14", "Good Friday"],
  ["2028-04-17", "Easter Monday"],
  ["2028-05-01", "Early May bank holiday"],
  ["2028-05-29", "Spring bank holiday"],
  ["2028-08-28", "Summer bank holiday"],
  ["2028-12-25", "Christmas Day"],
  ["2028-12-26", "Boxing Day"],
] as const;

const HOUR = 60;
const OFFICE_DAY = 510; // 09:00–17:30
const OFFICE: Array<[string, string]> = [["09:00", "17:30"]];

function systemMember(tenantId: string) {
  return { ctx: { tenantId }, actor: SYSTEM_ACTOR };
}

async function builtIn24x7(db: Db, tenantId: string) {
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("calendars")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("is_24x7", "=", true)
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

async function serviceNamed(db: Db, tenantId: string, name: string) {
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("services")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("name", "=", name)
      .executeTakeFirst(),
  );
  return row?.id ?? null;
}

function policy(input: Omit<PolicyVersionInput, "changeNote">): PolicyVersionInput {
  return { ...input, changeNote: "" };
}

/** Northwind: London office and 24x7 calendars, Gold and Silver policies, contracts for Contoso and Tailspin. */
export async function seedNorthwindSla(
  db: Db,
  tenantId: string,
  customers: { contoso: string; tailspin: string },
  services: { kubernetes: string; storage: string; postgres: string },
) {
  const member = systemMember(tenantId);
  const london = await createCalendar(db, member, {
    name: "London office",
    timeZone: "Europe/London",
    weekly: { "0": [], "1": OFFICE, "2": OFFICE, "3": OFFICE, "4": OFFICE, "5": OFFICE, "6": [] },
  });
  for (const [date, name] of ENGLAND_AND_WALES_BANK_HOLIDAYS)
    await addHoliday(db, member, london.id, { date, name });
  const always = await builtIn24x7(db, tenantId);

  const gold = await createPolicy(
    db,
    member,
    policy({
      name: "Gold",
      calendarId: always,
      targets: {
        P1: { responseMinutes: 15, resolutionMinutes: 4 * HOUR },
        P2: { responseMinutes: 30, resolutionMinutes: 8 * HOUR },
        P3: { responseMinutes: 4 * HOUR, resolutionMinutes: 3 * 24 * HOUR },
        P4: { responseMinutes: 8 * HOUR, resolutionMinutes: 5 * 24 * HOUR },
      },
      pauseStatuses: ["awaiting_customer"],
      warningPercent: 80,
      availabilityTarget: "99.95",
      creditTiers: [
        { below: 99.95, percent: 10 },
        { below: 99.0, percent: 25 },
        { below: 95.0, percent: 100 },
      ],
      breachCredits: { P1: 50_000, P2: 25_000, P3: 10_000, P4: 5_000 },
      creditCapPercent: "100",
    }),
  );
  const silver = await createPolicy(
    db,
    member,
    policy({
      name: "Silver",
      calendarId: london.id,
      targets: {
        P1: { responseMinutes: 30, resolutionMinutes: 8 * HOUR },
        P2: { responseMinutes: 1 * HOUR, resolutionMinutes: 2 * OFFICE_DAY },
        P3: { responseMinutes: 4 * HOUR, resolutionMinutes: 5 * OFFICE_DAY },
        P4: { responseMinutes: OFFICE_DAY, resolutionMinutes: 10 * OFFICE_DAY },
      },
      pauseStatuses: ["awaiting_customer", "resolved"],
      warningPercent: 75,
      availabilityTarget: "99.9",
      creditTiers: [
        { below: 99.9, percent: 10 },
        { below: 99.0, percent: 25 },
        { below: 95.0, percent: 100 },
      ],
      breachCredits: { P1: 20_000, P2: 10_000, P3: 5_000, P4: 0 },
      creditCapPercent: "50",
    }),
  );

  const contract = (
    customerId: string,
    serviceId: string,
    slaPolicyId: string,
    monthlyFee: number,
    stripeCustomerId: string,
  ) =>
    createContract(db, member, {
      customerId,
      serviceId,
      slaPolicyId,
      monthlyFee,
      currency: "GBP",
      startsOn: "2026-01-01",
      endsOn: null,
      stripeCustomerId,
    });
  await contract(customers.contoso, services.kubernetes, gold.id, 1_200_000, "cus_contoso01");
  await contract(customers.contoso, services.postgres, silver.id, 450_000, "cus_contoso01");
  await contract(customers.tailspin, services.storage, silver.id, 180_000, "cus_tailspin01");
  return {
    calendars: { london: london.id, always },
    policies: { gold: gold.id, silver: silver.id },
  };
}

/** Fabrikam: a 24x7 hosting policy and Litware's contract for Web Hosting (when the catalogue has it). */
export async function seedFabrikamSla(db: Db, tenantId: string, customers: { litware: string }) {
  const member = systemMember(tenantId);
  const standard = await createPolicy(
    db,
    member,
    policy({
      name: "Standard hosting",
      calendarId: await builtIn24x7(db, tenantId),
      targets: {
        P1: { responseMinutes: 30, resolutionMinutes: 6 * HOUR },
        P2: { responseMinutes: 1 * HOUR, resolutionMinutes: 12 * HOUR },
        P3: { responseMinutes: 8 * HOUR, resolutionMinutes: 3 * 24 * HOUR },
        P4: { responseMinutes: 24 * HOUR, resolutionMinutes: 7 * 24 * HOUR },
      },
      pauseStatuses: ["awaiting_customer"],
      warningPercent: 80,
      availabilityTarget: "99.9",
      creditTiers: [
        { below: 99.9, percent: 5 },
        { below: 99.0, percent: 15 },
        { below: 97.0, percent: 30 },
      ],
      breachCredits: { P1: 10_000, P2: 5_000, P3: 0, P4: 0 },
      creditCapPercent: "30",
    }),
  );
  const webHosting = await serviceNamed(db, tenantId, "Web Hosting");
  if (webHosting) {
    await createContract(db, member, {
      customerId: customers.litware,
      serviceId: webHosting,
      slaPolicyId: standard.id,
      monthlyFee: 49_900,
      currency: "EUR",
      startsOn: "2026-01-01",
      endsOn: null,
      stripeCustomerId: "cus_litware01",
    });
  }
  return { policies: { standard: standard.id } };
}
