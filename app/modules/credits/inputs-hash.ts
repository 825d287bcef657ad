import { createHash } from "node:crypto";
import type { CreditInputs } from "./compute-credit";

/**
 * A fingerprint of the facts a credit was computed from: the numbers and instants, not the names
 * (renaming a service or rewording a maintenance note changes no credit, so it flags nothing).
 * Lists are sorted, so the order rows come back from the database does not matter.
 */
export function creditInputsHash(inputs: CreditInputs) {
  const c = inputs.contract;
  const p = inputs.policy;
  const facts = {
    v: 1,
    month: inputs.month,
    contract: [c.id, c.customerId, c.serviceId, c.monthlyFee, c.currency, c.startsOn, c.endsOn],
    policy: [
      p.versionId,
      p.availabilityTarget,
      p.tiers.map((t) => [t.below, t.percent]),
      Number(p.capPercent),
    ],
    outages: inputs.outages.map((o) => [o.ticketId, o.start, o.end]).sort(compareTuples),
    exclusions: inputs.exclusions.map((x) => [x.id, x.start, x.end]).sort(compareTuples),
    breaches: inputs.breaches
      .map((b) => [b.ticketId, b.priority, b.breachedAt, b.credit, b.policyVersionId])
      .sort(compareTuples),
  };
  return createHash("sha256").update(JSON.stringify(facts)).digest("hex");
}

function compareTuples(a: unknown[], b: unknown[]) {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
