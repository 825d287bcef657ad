import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { getCalendar } from "./calendars.server";
import { authorMembershipId, policyWriteError } from "./policies.server";
import { termsOfInput, versionValues, VERSION_COLUMNS } from "./policy-version";
import type { PolicyVersionInput } from "./schemas";

/** A new SLA policy and its version 1. */
export async function createPolicy(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  input: PolicyVersionInput,
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      await getCalendar(trx, tenantId, input.calendarId);
      const policy = await trx
        .insertInto("sla_policies")
        .values({ tenant_id: tenantId, name: input.name, current_version_id: null })
        .returning(["id", "name"])
        .executeTakeFirstOrThrow();
      const version = await trx
        .insertInto("sla_policy_versions")
        .values({
          tenant_id: tenantId,
          policy_id: policy.id,
          version: 1,
          ...versionValues(termsOfInput(input)),
          created_by: await authorMembershipId(trx, tenantId, member.actor),
          change_note: input.changeNote,
        })
        .returning(VERSION_COLUMNS)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("sla_policies")
        .set({ current_version_id: version.id })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", policy.id)
        .execute();
      await recordAudit(trx, tenantId, member.actor, {
        action: "sla_policy.created",
        entityType: "sla_policy",
        entityId: policy.id,
        after: { ...policy, version },
      });
      return { ...policy, versionId: version.id };
    });
  } catch (error) {
    return policyWriteError(error);
  }
}
