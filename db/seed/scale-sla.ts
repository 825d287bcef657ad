/**
 * Each scale tenant's service level management, in bulk SQL: an office-hours calendar in the
 * tenant's city with its public holidays (next to the built-in 24x7 one), three SLA policies —
 * Gold (24x7, two versions: tighter targets from the middle of the year), Silver and Bronze
 * (office hours) — and contracts binding each customer to one to three services.
 */
import { sql } from "kysely";
import { DAY_MS } from "./scale-calendar";
import { CALENDAR_PROFILES, OFFICE_WINDOW, profileHolidays } from "./scale-calendar";
import type { Conn } from "./scale-organisation";
import type { ScalePlan } from "./scale-plan";

type Targets = [number, number][]; // [response, resolution] minutes for P1…P4

type PolicyDef = {
  code: number;
  name: string;
  calendar: "24x7" | "office";
  pauseStatuses: string[];
  warningPercent: number;
  availabilityTarget: string;
  creditTiers: Array<{ below: number; percent: number }>;
  breachCredits: number[];
  creditCapPercent: string;
  /** versions in order; `fromDays`: created this many days after the window start */
  versions: Array<{ fromDays: number; targets: Targets; changeNote: string }>;
};

export const SCALE_POLICIES: PolicyDef[] = [
  {
    code: 1,
    name: "Gold",
    calendar: "24x7",
    pauseStatuses: ["awaiting_customer"],
    warningPercent: 80,
    availabilityTarget: "99.95",
    creditTiers: [
      { below: 99.95, percent: 10 },
      { below: 99, percent: 25 },
      { below: 95, percent: 100 },
    ],
    breachCredits: [50_000, 25_000, 10_000, 5_000],
    creditCapPercent: "100",
    versions: [
      {
        fromDays: -30,
        targets: [
          [15, 240],
          [30, 480],
          [240, 4320],
          [480, 7200],
        ],
        changeNote: "",
      },
      {
        fromDays: 182,
        targets: [
          [15, 180],
          [30, 360],
          [120, 2880],
          [480, 5760],
        ],
        changeNote: "Tighter P1–P3 targets agreed at the annual review.",
      },
    ],
  },
  {
    code: 2,
    name: "Silver",
    calendar: "office",
    pauseStatuses: ["awaiting_customer", "resolved"],
    warningPercent: 75,
    availabilityTarget: "99.9",
    creditTiers: [
      { below: 99.9, percent: 10 },
      { below: 99, percent: 25 },
      { below: 95, percent: 100 },
    ],
    breachCredits: [20_000, 10_000, 5_000, 0],
    creditCapPercent: "50",
    versions: [
      {
        fromDays: -30,
        targets: [
          [30, 480],
          [60, 1020],
          [240, 2550],
          [510, 5100],
        ],
        changeNote: "",
      },
    ],
  },
  {
    code: 3,
    name: "Bronze",
    calendar: "office",
    pauseStatuses: ["awaiting_customer"],
    warningPercent: 80,
    availabilityTarget: "99.5",
    creditTiers: [
      { below: 99.5, percent: 5 },
      { below: 98, percent: 15 },
    ],
    breachCredits: [5_000, 0, 0, 0],
    creditCapPercent: "25",
    versions: [
      {
        fromDays: -30,
        targets: [
          [60, 1020],
          [120, 2040],
          [510, 5100],
          [1020, 5100],
        ],
        changeNote: "",
      },
    ],
  },
];

const OFFICE_WEEKLY = JSON.stringify({
  0: [],
  1: [OFFICE_WINDOW],
  2: [OFFICE_WINDOW],
  3: [OFFICE_WINDOW],
  4: [OFFICE_WINDOW],
  5: [OFFICE_WINDOW],
  6: [],
});

export async function seedServiceLevels(conn: Conn, plan: ScalePlan, created: Date) {
  const profiles = CALENDAR_PROFILES.map((p) => ({
    profile: p.id,
    zone: p.zone,
    city: p.city,
    currency: p.currency,
  }));
  await sql`
    create temp table scale_profiles as
    select * from jsonb_to_recordset(${JSON.stringify(profiles)}::jsonb)
      as p(profile int, zone text, city text, currency text)`.execute(conn);
  await sql`
    create temp table scale_calendars as
    select s.tenant_id, gen_random_uuid() as id, 'Office hours (' || p.city || ')' as name, p.zone
    from scale_tenants s join scale_profiles p using (profile)`.execute(conn);
  await sql`
    insert into calendars (tenant_id, id, name, time_zone, weekly, created_at, updated_at)
    select tenant_id, id, name, zone, ${OFFICE_WEEKLY}::jsonb, ${created}, ${created}
    from scale_calendars`.execute(conn);
  const holidays = CALENDAR_PROFILES.flatMap((p) =>
    profileHolidays(p, plan.base, new Date(plan.base.getTime() + plan.days * DAY_MS)).map(
      ([date, name]) => ({ profile: p.id, date, name }),
    ),
  );
  await sql`
    insert into calendar_holidays (tenant_id, calendar_id, date, name, created_at)
    select s.tenant_id, c.id, h.date, h.name, ${created}
    from scale_tenants s join scale_calendars c using (tenant_id)
    join jsonb_to_recordset(${JSON.stringify(holidays)}::jsonb) as h(profile int, date date, name text)
      on h.profile = s.profile`.execute(conn);

  const versions = SCALE_POLICIES.flatMap((p) =>
    p.versions.map((v, i) => ({
      code: p.code,
      version: i + 1,
      office: p.calendar === "office",
      created_ms: plan.windowStart.getTime() - plan.base.getTime() + v.fromDays * DAY_MS,
      until_ms:
        i + 1 < p.versions.length
          ? plan.windowStart.getTime() - plan.base.getTime() + p.versions[i + 1]!.fromDays * DAY_MS
          : Number.MAX_SAFE_INTEGER,
      r: v.targets.map(([response]) => response),
      x: v.targets.map(([, resolution]) => resolution),
      pause: p.pauseStatuses,
      warning: p.warningPercent,
      availability: p.availabilityTarget,
      tiers: p.creditTiers,
      credits: p.breachCredits,
      cap: p.creditCapPercent,
      note: v.changeNote,
    })),
  );
  await sql`
    create temp table scale_policies as
    select s.tenant_id, d.code, gen_random_uuid() as id, d.name
    from scale_tenants s,
      jsonb_to_recordset(${JSON.stringify(SCALE_POLICIES.map(({ code, name }) => ({ code, name })))}::jsonb)
        as d(code int, name text)`.execute(conn);
  await sql`
    insert into sla_policies (tenant_id, id, name, current_version_id, created_at)
    select tenant_id, id, name, null, ${created} from scale_policies`.execute(conn);
  await sql`
    create temp table scale_versions as
    select p.tenant_id, p.code, p.id as policy_id, p.name as policy_name, v.version,
      gen_random_uuid() as id,
      case when v.office then c.id else s.always_id end as calendar_id,
      case when v.office then s.profile end as profile,
      v.created_ms, v.until_ms, v.r, v.x, v.pause, v.warning, v.availability, v.tiers, v.credits,
      v.cap, v.note, s.admin_id
    from scale_policies p join scale_tenants s using (tenant_id)
    join scale_calendars c using (tenant_id)
    join jsonb_to_recordset(${JSON.stringify(versions)}::jsonb) as v(code int, version int,
      office boolean, created_ms bigint, until_ms bigint, r int[], x int[], pause text[],
      warning int, availability numeric, tiers jsonb, credits bigint[], cap numeric, note text)
      on v.code = p.code`.execute(conn);
  await sql`
    insert into sla_policy_versions (tenant_id, id, policy_id, version, calendar_id,
      p1_response_minutes, p1_resolution_minutes, p2_response_minutes, p2_resolution_minutes,
      p3_response_minutes, p3_resolution_minutes, p4_response_minutes, p4_resolution_minutes,
      pause_statuses, warning_percent, availability_target, credit_tiers,
      p1_breach_credit, p2_breach_credit, p3_breach_credit, p4_breach_credit, credit_cap_percent,
      created_by, created_at, change_note)
    select tenant_id, id, policy_id, version, calendar_id, r[1], x[1], r[2], x[2], r[3], x[3], r[4],
      x[4], pause, warning, availability, tiers, credits[1], credits[2], credits[3], credits[4],
      cap, admin_id, ${plan.base}::timestamptz + created_ms * interval '1 millisecond', note
    from scale_versions order by tenant_id, code, version`.execute(conn);
  await sql`
    update sla_policies p set current_version_id = v.id
    from (select distinct on (tenant_id, policy_id) tenant_id, policy_id, id
          from scale_versions order by tenant_id, policy_id, version desc) v
    where p.tenant_id = v.tenant_id and p.id = v.policy_id`.execute(conn);

  // One to three services per customer, each under one of the three policies.
  const startsOn = new Date(plan.windowStart.getTime() - 30 * DAY_MS).toISOString().slice(0, 10);
  await sql`
    create temp table scale_contracts as
    select c.tenant_id, gen_random_uuid() as id, c.k as customer_k, c.id as customer_id,
      v.k as service_k, v.id as service_id, v.name as service_name,
      1 + (c.k + j) % ${SCALE_POLICIES.length} as policy_code,
      50000 + ((c.k * 7919 + j * 104729) % 40) * 25000 as monthly_fee
    from scale_customers c join scale_tenants s using (tenant_id)
    cross join lateral generate_series(0, least(s.services, 1 + c.k % 3) - 1) j
    join scale_services v on v.tenant_id = c.tenant_id and v.k = 1 + (c.k - 1 + j) % s.services`.execute(
    conn,
  );
  await sql`
    insert into contracts (tenant_id, id, customer_id, service_id, sla_policy_id, monthly_fee,
      currency, starts_on, ends_on, stripe_customer_id, created_at)
    select k.tenant_id, k.id, k.customer_id, k.service_id, p.id, k.monthly_fee, pr.currency,
      ${startsOn}::date, null, null, ${created}
    from scale_contracts k join scale_policies p on p.tenant_id = k.tenant_id and p.code = k.policy_code
    join scale_tenants s on s.tenant_id = k.tenant_id join scale_profiles pr on pr.profile = s.profile
    order by k.tenant_id, k.customer_k, k.service_k`.execute(conn);
}
