/*
 * What several benchmarks share within one `npm run bench`: one database handle, the scale data's
 * largest and median tenants, the agent each tenant's pages are read as, and the cleanup the
 * runner does at the end (servers started, pools closed).
 */
import { sql } from "kysely";
import { createDb, withSystem, type Db, type DbHandle } from "../../app/db.server";
import type { TicketMember } from "../../app/modules/tickets/ticket-access.server";

/** The password of every person `npm run seed:scale` creates. */
export const SCALE_PASSWORD = "covenant-demo";

const cleanups: Array<() => Promise<void>> = [];

/** Runs at the end of the run, last registered first. */
export function onCleanup(fn: () => Promise<void>) {
  cleanups.push(fn);
}

export async function cleanUp() {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    await fn().catch((error: unknown) => console.error("cleanup failed:", error));
  }
}

const handles = new Map<string, Promise<DbHandle>>();

/** One small pool per database URL for the whole run (benchmarks time one query at a time). */
export async function benchDb(url: string): Promise<Db> {
  let handle = handles.get(url);
  if (!handle) {
    handle = createDb({ kind: "postgres", url, poolSize: 4 });
    handles.set(url, handle);
    onCleanup(async () => (await handle!).close());
  }
  return (await handle).db;
}

export type ScaleTenant = { id: string; slug: string; name: string; tickets: number };

export type ScaleData = {
  /** how many `scale-%` tenants the database holds */
  tenants: number;
  /** their tickets, all together */
  tickets: number;
  largest: ScaleTenant;
  /** the tenant in the middle when ordered by ticket count */
  median: ScaleTenant;
};

const scaleData = new Map<string, Promise<ScaleData>>();

async function readScaleData(db: Db): Promise<ScaleData> {
  const tenants = await withSystem(db, async (trx) => {
    const { rows } = await sql<ScaleTenant>`
      select t.id, t.slug, t.name, coalesce(c.tickets, 0)::int as tickets
      from tenants t
      left join (select tenant_id, count(*) as tickets from tickets group by tenant_id) c
        on c.tenant_id = t.id
      where t.slug like 'scale-%'
      order by tickets, t.slug`.execute(trx);
    return rows;
  });
  if (tenants.length === 0) {
    throw new Error(
      "This database has no scale data (no tenant named scale-…): run `npm run seed:scale -- --preset small` against it first.",
    );
  }
  return {
    tenants: tenants.length,
    tickets: tenants.reduce((sum, t) => sum + t.tickets, 0),
    largest: tenants[tenants.length - 1]!,
    median: tenants[Math.floor((tenants.length - 1) / 2)]!,
  };
}

/** The scale data's figures and its largest and median tenant (read once per run). */
export function loadScaleData(url: string): Promise<ScaleData> {
  let data = scaleData.get(url);
  if (!data) {
    data = benchDb(url).then(readScaleData);
    scaleData.set(url, data);
    data.catch(() => scaleData.delete(url));
  }
  return data;
}

/** The seeded agent of a scale tenant, as the ticket modules see a signed-in agent. */
export async function scaleAgent(db: Db, tenant: ScaleTenant): Promise<TicketMember> {
  const email = `agent@${tenant.slug}.test`;
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["memberships.id as membershipId", "users.id as userId", "users.name"])
      .where("memberships.tenant_id", "=", tenant.id)
      .where("users.email", "=", email)
      .where("memberships.role", "=", "agent")
      .where("memberships.active", "=", true)
      .executeTakeFirst(),
  );
  if (!row) throw new Error(`${tenant.slug} has no active agent ${email} (see seed:scale).`);
  return {
    tenant: { slug: tenant.slug, name: tenant.name },
    role: "agent",
    membershipId: row.membershipId,
    customerId: null,
    ctx: { tenantId: tenant.id, customerId: null, userId: row.userId },
    actor: { userId: row.userId, label: row.name || email },
  };
}
