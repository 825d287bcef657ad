import { withTenant, type Db } from "../../db.server";
import { recordAudit } from "../audit/record-audit.server";
import type { Member } from "../auth/require.server";
import { AppError } from "../errors";
import { getCalendar } from "./calendars.server";
import {
  authorMembershipId,
  getPolicyRow,
  getVersionRow,
  policyWriteError,
} from "./policies.server";
import {
  diffTerms,
  termsOfInput,
  termsOfRow,
  versionValues,
  VERSION_COLUMNS,
} from "./policy-version";
import type { PolicyVersionInput } from "./schemas";

/**
 * Editing a policy never changes a version: changed terms become version n+1 and the policy points
 * at it; tickets keep the version they started under. A rename alone changes only the policy row.
 */
export async function revisePolicy(
  db: Db,
  member: Pick<Member, "ctx" | "actor">,
  policyId: string,
  input: PolicyVersionInput,
) {
  const tenantId = member.ctx.tenantId;
  try {
    return await withTenant(db, member.ctx, async (trx) => {
      const policy = await getPolicyRow(trx, tenantId, policyId, { lock: true });
      const current = await getVersionRow(trx, tenantId, policy.current_version_id);
      await getCalendar(trx, tenantId, input.calendarId);
      const terms = termsOfInput(input);
      const changes = diffTerms(termsOfRow(current), terms, (id) => id);
      const renamed = policy.name !== input.name;
      if (!changes.length && !renamed) {
        throw new AppError(
          "validation",
          "Nothing changed: edit a target, a credit or another term to create a new version.",
        );
      }
      if (renamed) {
        await trx
          .updateTable("sla_policies")
          .set({ name: input.name })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", policyId)
          .execute();
        await recordAudit(trx, tenantId, member.actor, {
          action: "sla_policy.renamed",
          entityType: "sla_policy",
          entityId: policyId,
          before: { name: policy.name },
          after: { name: input.name },
        });
      }
      if (!changes.length) return { policyId, versionId: current.id, version: current.version };

      const version = await trx
        .insertInto("sla_policy_versions")
        .values({
          tenant_id: tenantId,
          policy_id: policyId,
          version: current.version + 1,
          ...versionValues(terms),
          created_by: await authorMembershipId(trx, tenantId, member.actor),
          change_note: input.changeNote,
        })
        .returning(VERSION_COLUMNS)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("sla_policies")
        .set({ current_version_id: version.id })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", policyId)
        .execute();
      await recordAudit(trx, tenantId, member.actor, {
        action: "sla_policy.version_created",
        entityType: "sla_policy",
        entityId: policyId,
        before: current,
        after: version,
      });
      return { policyId, versionId: version.id, version: version.version };
    });
  } catch (error) {
    return policyWriteError(error);
  }
}
