import { minorToInput } from "../contracts/currencies";
import type { PolicyTerms } from "./policy-version";
import { TIER_ROWS } from "./schemas";
import { PRIORITIES } from "./statuses";
import { fromMinutes } from "./units";

/** The policy form's field values for existing terms (edit = start from the current version). */
export function policyFormValues(
  name: string,
  terms: PolicyTerms,
  dayMinutes: number | null,
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    name,
    calendarId: terms.calendarId,
    pauseStatuses: terms.pauseStatuses,
    warningPercent: String(terms.warningPercent),
    availabilityTarget: String(terms.availabilityTarget),
    creditCapPercent: String(terms.creditCapPercent),
    changeNote: "",
  };
  PRIORITIES.forEach((p, i) => {
    const n = i + 1;
    const response = fromMinutes(terms.targets[p].responseMinutes, dayMinutes);
    const resolution = fromMinutes(terms.targets[p].resolutionMinutes, dayMinutes);
    values[`p${n}ResponseValue`] = String(response.value);
    values[`p${n}ResponseUnit`] = response.unit;
    values[`p${n}ResolutionValue`] = String(resolution.value);
    values[`p${n}ResolutionUnit`] = resolution.unit;
    values[`p${n}BreachCredit`] = minorToInput(terms.breachCredits[p]);
  });
  for (let i = 0; i < TIER_ROWS; i++) {
    const tier = terms.creditTiers[i];
    values[`tier${i + 1}Below`] = tier ? String(tier.below) : "";
    values[`tier${i + 1}Percent`] = tier ? String(tier.percent) : "";
  }
  return values;
}

/** A sensible starting point for a new policy (targets in the spirit of common cloud SLAs). */
export function newPolicyFormValues(calendarId: string): Record<string, string | string[]> {
  return policyFormValues(
    "",
    {
      calendarId,
      targets: {
        P1: { responseMinutes: 30, resolutionMinutes: 240 },
        P2: { responseMinutes: 60, resolutionMinutes: 480 },
        P3: { responseMinutes: 240, resolutionMinutes: 1440 },
        P4: { responseMinutes: 480, resolutionMinutes: 2880 },
      },
      pauseStatuses: ["awaiting_customer"],
      warningPercent: 80,
      availabilityTarget: 99.9,
      creditTiers: [
        { below: 99.9, percent: 10 },
        { below: 99, percent: 25 },
        { below: 95, percent: 100 },
      ],
      breachCredits: { P1: 0, P2: 0, P3: 0, P4: 0 },
      creditCapPercent: 100,
    },
    null,
  );
}
