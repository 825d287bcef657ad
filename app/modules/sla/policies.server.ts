import type { Trx } from "../../db.server";
import type { Actor } from "../audit/record-audit.server";
import { AppError, isForeignKeyViolation, isUniqueViolation } from "../errors";
import { diffTerms, termsOfRow, VERSION_COLUMNS } from "./policy-version";

/** Reading SLA policies: the list, one policy with its version history, and one version. */

export function listPolicies(trx: Trx, tenantId: string) {
  return trx
    .selectFrom("sla_policies")
    .innerJoin("sla_policy_versions as v", (join) =>
      join
        .onRef("v.tenant_id", "=", "sla_policies.tenant_id")
        .onRef("v.id", "=", "sla_policies.current_version_id"),
    )
    .innerJoin("calendars", (join) =>
      join
        .onRef("calendars.tenant_id", "=", "v.tenant_id")
        .onRef("calendars.id", "=", "v.calendar_id"),
    )
    .select((eb) => [
      "sla_policies.id",
      "sla_policies.name",
      "v.version",
      "v.created_at as changed_at",
      "v.availability_target",
      "v.p1_response_minutes",
      "v.p1_resolution_minutes",
      "calendars.name as calendar_name",
      eb
        .selectFrom("contracts")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("contracts.tenant_id", "=", "sla_policies.tenant_id")
        .whereRef("contracts.sla_policy_id", "=", "sla_policies.id")
        .as("contracts"),
    ])
    .where("sla_policies.tenant_id", "=", tenantId)
    .orderBy("sla_policies.name")
    .execute();
}

export async function getPolicyRow(
  trx: Trx,
  tenantId: string,
  policyId: string,
  opts: { lock?: boolean } = {},
) {
  let query = trx
    .selectFrom("sla_policies")
    .select(["id", "name", "current_version_id", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", policyId);
  if (opts.lock) query = query.forUpdate();
  const policy = await query.executeTakeFirst();
  if (!policy || !policy.current_version_id)
    throw new AppError("not_found", "We could not find that SLA policy.");
  return { ...policy, current_version_id: policy.current_version_id };
}

export async function getVersionRow(trx: Trx, tenantId: string, versionId: string) {
  const row = await trx
    .selectFrom("sla_policy_versions")
    .select(VERSION_COLUMNS)
    .where("tenant_id", "=", tenantId)
    .where("id", "=", versionId)
    .executeTakeFirst();
  if (!row) throw new AppError("not_found", "We could not find that SLA policy version.");
  return row;
}

/** A policy, its current terms, and every version newest first with who changed what and when. */
export async function getPolicy(trx: Trx, tenantId: string, policyId: string) {
  const policy = await getPolicyRow(trx, tenantId, policyId);
  const versions = await trx
    .selectFrom("sla_policy_versions as v")
    .leftJoin("memberships as m", (join) =>
      join.onRef("m.tenant_id", "=", "v.tenant_id").onRef("m.id", "=", "v.created_by"),
    )
    .leftJoin("users as u", "u.id", "m.user_id")
    .select([
      ...VERSION_COLUMNS.map((c) => `v.${c}` as const),
      "u.name as author_name",
      "u.email as author_email",
    ])
    .where("v.tenant_id", "=", tenantId)
    .where("v.policy_id", "=", policyId)
    .orderBy("v.version")
    .execute();
  const calendars = await trx
    .selectFrom("calendars")
    .select(["id", "name"])
    .where("tenant_id", "=", tenantId)
    .execute();
  const calendarName = (id: string) =>
    calendars.find((c) => c.id === id)?.name ?? "(unknown calendar)";
  const history = versions.map((v, i) => ({
    id: v.id,
    version: v.version,
    createdAt: v.created_at,
    author: v.author_name || v.author_email || "system",
    changeNote: v.change_note,
    calendarName: calendarName(v.calendar_id),
    changes:
      i === 0
        ? ["First version"]
        : diffTerms(termsOfRow(versions[i - 1]!), termsOfRow(v), calendarName),
  }));
  const current = versions.find((v) => v.id === policy.current_version_id)!;
  return {
    policy,
    current: {
      ...termsOfRow(current),
      id: current.id,
      version: current.version,
      calendarName: calendarName(current.calendar_id),
    },
    history: history.reverse(),
  };
}

/** The acting person's membership, recorded as a version's author (null for the system actor). */
export async function authorMembershipId(trx: Trx, tenantId: string, actor: Actor) {
  if (!actor.userId) return null;
  const row = await trx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export function policyWriteError(error: unknown): never {
  if (isUniqueViolation(error))
    throw new AppError("conflict", "An SLA policy with that name already exists.", {
      field: "name",
    });
  if (isForeignKeyViolation(error))
    throw new AppError("conflict", "The chosen calendar no longer exists; reload the page.", {
      field: "calendarId",
    });
  throw error;
}
