import { describe, expect, it } from "vitest";
import { createContractSchema } from "../../app/modules/contracts/schemas";
import { calendarSchema, policySchema, toMinorUnits } from "../../app/modules/sla/schemas";

function errorsOf(result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) {
  const errors: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) errors[issue.path.join(".")] ??= issue.message; // the first, as parseForm shows it
  return errors;
}

const weekdays = {
  mon: "09:00-17:30",
  tue: "09:00-17:30",
  wed: "09:00-17:30",
  thu: "09:00-17:30",
  fri: "09:00-17:30",
};

describe("calendar form", () => {
  it("reads windows per day into the engine's weekly shape (0 = Sunday), split and overnight included", () => {
    const result = calendarSchema.safeParse({
      name: " Ops ",
      timeZone: "Europe/London",
      ...weekdays,
      fri: "09:00–12:00, 13:00-16:00",
      sat: "22:00-06:00",
    });
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      name: "Ops",
      timeZone: "Europe/London",
      weekly: {
        "0": [],
        "1": [["09:00", "17:30"]],
        "2": [["09:00", "17:30"]],
        "3": [["09:00", "17:30"]],
        "4": [["09:00", "17:30"]],
        "5": [
          ["09:00", "12:00"],
          ["13:00", "16:00"],
        ],
        "6": [["22:00", "06:00"]],
      },
    });
  });

  it("refuses an unknown time zone, naming the rule", () => {
    const errors = errorsOf(
      calendarSchema.safeParse({ name: "X", timeZone: "Mars/Olympus_Mons", ...weekdays }),
    );
    expect(errors.timeZone).toMatch(/IANA time zone/);
  });

  it("refuses times that are not HH:MM, naming the day and the value", () => {
    expect(
      errorsOf(calendarSchema.safeParse({ name: "X", timeZone: "UTC", mon: "9:00-17:00" })).mon,
    ).toBe('Monday: "9:00" is not a start time; use HH:MM from 00:00 to 23:59');
    expect(
      errorsOf(calendarSchema.safeParse({ name: "X", timeZone: "UTC", tue: "09:00-24:30" })).tue,
    ).toMatch(/"24:30" is not an end time/);
    expect(
      errorsOf(calendarSchema.safeParse({ name: "X", timeZone: "UTC", wed: "nine to five" })).wed,
    ).toMatch(/is not a window; write HH:MM-HH:MM/);
  });

  it("refuses windows on the same day that overlap, including an overnight window", () => {
    expect(
      errorsOf(
        calendarSchema.safeParse({ name: "X", timeZone: "UTC", mon: "09:00-13:00, 12:00-17:00" }),
      ).mon,
    ).toBe("Monday: 09:00-13:00 and 12:00-17:00 overlap; windows on the same day must not overlap");
    expect(
      errorsOf(
        calendarSchema.safeParse({ name: "X", timeZone: "UTC", mon: "08:00-17:00, 16:00-02:00" }),
      ).mon,
    ).toMatch(/overlap/);
  });

  it("allows overnight windows and 24:00 as an end, but not an overnight window running into the next day's hours", () => {
    expect(
      calendarSchema.safeParse({
        name: "X",
        timeZone: "UTC",
        mon: "22:00-06:00",
        tue: "06:00-12:00",
        sun: "00:00-24:00",
      }).success,
    ).toBe(true);
    expect(
      errorsOf(
        calendarSchema.safeParse({
          name: "X",
          timeZone: "UTC",
          mon: "22:00-06:00",
          tue: "05:00-12:00",
        }),
      ).tue,
    ).toBe("Tuesday: 05:00-12:00 overlaps Monday's overnight window 22:00-06:00");
    expect(
      errorsOf(
        calendarSchema.safeParse({
          name: "X",
          timeZone: "UTC",
          sat: "20:00-02:00",
          sun: "01:00-03:00",
        }),
      ).sun,
    ).toMatch(/Saturday's overnight/);
  });

  it("refuses a calendar without any business hours", () => {
    expect(errorsOf(calendarSchema.safeParse({ name: "X", timeZone: "UTC" })).mon).toMatch(
      /at least one business window/,
    );
  });
});

const calendars = [
  { id: "4f9c8a0e-8d2b-4c8e-9b7a-0a1b2c3d4e5f", dayMinutes: 510 },
  { id: "5f9c8a0e-8d2b-4c8e-9b7a-0a1b2c3d4e5f", dayMinutes: null },
];

function policyForm(overrides: Record<string, unknown> = {}) {
  return {
    name: "Gold",
    calendarId: calendars[0]!.id,
    p1ResponseValue: "30",
    p1ResponseUnit: "minutes",
    p1ResolutionValue: "4",
    p1ResolutionUnit: "hours",
    p1BreachCredit: "500",
    p2ResponseValue: "1",
    p2ResponseUnit: "hours",
    p2ResolutionValue: "2",
    p2ResolutionUnit: "days",
    p2BreachCredit: "250.50",
    p3ResponseValue: "4",
    p3ResponseUnit: "hours",
    p3ResolutionValue: "3",
    p3ResolutionUnit: "days",
    p3BreachCredit: "0",
    p4ResponseValue: "1",
    p4ResponseUnit: "days",
    p4ResolutionValue: "5",
    p4ResolutionUnit: "days",
    p4BreachCredit: "0",
    pauseStatuses: ["awaiting_customer", "resolved"],
    warningPercent: "80",
    availabilityTarget: "99.95",
    tier1Below: "99.95",
    tier1Percent: "10",
    tier2Below: "99.0",
    tier2Percent: "25",
    tier3Below: "95",
    tier3Percent: "100",
    tier4Below: "",
    tier4Percent: "",
    creditCapPercent: "100",
    changeNote: "",
    ...overrides,
  };
}

describe("SLA policy form", () => {
  it("stores targets in business minutes (a business day is the calendar's working day) and credits in minor units", () => {
    const result = policySchema(calendars).safeParse(policyForm());
    expect(result.error?.issues).toBeUndefined();
    expect(result.data!.targets).toEqual({
      P1: { responseMinutes: 30, resolutionMinutes: 240 },
      P2: { responseMinutes: 60, resolutionMinutes: 1020 },
      P3: { responseMinutes: 240, resolutionMinutes: 1530 },
      P4: { responseMinutes: 510, resolutionMinutes: 2550 },
    });
    expect(result.data!.breachCredits).toEqual({ P1: 50_000, P2: 25_050, P3: 0, P4: 0 });
    expect(result.data!.creditTiers).toEqual([
      { below: 99.95, percent: 10 },
      { below: 99, percent: 25 },
      { below: 95, percent: 100 },
    ]);
    expect(result.data!.pauseStatuses).toEqual(["awaiting_customer", "resolved"]);
  });

  it("refuses response targets longer than resolution, per priority", () => {
    const errors = errorsOf(
      policySchema(calendars).safeParse(
        policyForm({ p2ResponseValue: "3", p2ResponseUnit: "days" }),
      ),
    );
    expect(errors.p2ResolutionValue).toBe(
      "P2 resolution target must be at least as long as its response target",
    );
  });

  it("refuses targets that are not positive whole numbers", () => {
    const schema = policySchema(calendars);
    expect(errorsOf(schema.safeParse(policyForm({ p1ResponseValue: "0" }))).p1ResponseValue).toBe(
      "P1 response target must be a positive whole number",
    );
    expect(errorsOf(schema.safeParse(policyForm({ p1ResponseValue: "1.5" }))).p1ResponseValue).toBe(
      "P1 response target must be a positive whole number",
    );
    expect(
      errorsOf(schema.safeParse(policyForm({ p3ResolutionValue: "" }))).p3ResolutionValue,
    ).toBe("P3 resolution target is required");
  });

  it("refuses business days on a calendar whose working days differ in length", () => {
    const errors = errorsOf(
      policySchema(calendars).safeParse(policyForm({ calendarId: calendars[1]!.id })),
    );
    expect(errors.p2ResolutionUnit).toMatch(
      /days need a calendar whose working days are all equally long/,
    );
  });

  it("checks the warning threshold, availability target and cap ranges", () => {
    const schema = policySchema(calendars);
    expect(errorsOf(schema.safeParse(policyForm({ warningPercent: "0" }))).warningPercent).toBe(
      "Warning threshold must be a whole number from 1 to 99",
    );
    expect(errorsOf(schema.safeParse(policyForm({ warningPercent: "100" }))).warningPercent).toBe(
      "Warning threshold must be a whole number from 1 to 99",
    );
    expect(
      errorsOf(schema.safeParse(policyForm({ availabilityTarget: "0" }))).availabilityTarget,
    ).toBe("Availability target must be above 0 and up to 100");
    expect(
      errorsOf(schema.safeParse(policyForm({ availabilityTarget: "100.5" }))).availabilityTarget,
    ).toBe("Availability target must be above 0 and up to 100");
    expect(
      errorsOf(schema.safeParse(policyForm({ creditCapPercent: "101" }))).creditCapPercent,
    ).toBe("Credit cap must be from 0 to 100");
    expect(
      schema.safeParse(policyForm({ creditCapPercent: "0", availabilityTarget: "100" })).success,
    ).toBe(true);
  });

  it("requires strictly decreasing thresholds and strictly increasing credits, within the target", () => {
    const schema = policySchema(calendars);
    expect(errorsOf(schema.safeParse(policyForm({ tier2Below: "99.95" }))).tier2Below).toBe(
      "Tier 2: thresholds must strictly decrease (the tier above is 99.95%)",
    );
    expect(errorsOf(schema.safeParse(policyForm({ tier3Percent: "25" }))).tier3Percent).toBe(
      "Tier 3: credits must strictly increase (the tier above is 25%)",
    );
    expect(errorsOf(schema.safeParse(policyForm({ tier1Below: "99.99" }))).tier1Below).toMatch(
      /at most the availability target \(99.95%\)/,
    );
    expect(errorsOf(schema.safeParse(policyForm({ tier4Below: "90" }))).tier4Percent).toMatch(
      /Tier 4: credit must be a percentage/,
    );
    const noTiers = schema.safeParse(
      policyForm({
        tier1Below: "",
        tier1Percent: "",
        tier2Below: "",
        tier2Percent: "",
        tier3Below: "",
        tier3Percent: "",
      }),
    );
    expect(noTiers.data?.creditTiers).toEqual([]);
  });

  it("refuses pause statuses that cannot pause a clock and calendars not on the list", () => {
    const schema = policySchema(calendars);
    expect(errorsOf(schema.safeParse(policyForm({ pauseStatuses: "closed" }))).pauseStatuses).toBe(
      "Pause statuses must be among: awaiting_customer, resolved",
    );
    expect(
      errorsOf(schema.safeParse(policyForm({ calendarId: "6f9c8a0e-8d2b-4c8e-9b7a-0a1b2c3d4e5f" })))
        .calendarId,
    ).toBe("Choose a calendar from the list");
    expect(schema.safeParse(policyForm({ pauseStatuses: undefined })).data?.pauseStatuses).toEqual(
      [],
    );
  });
});

describe("contract form", () => {
  const contract = {
    customerId: "4f9c8a0e-8d2b-4c8e-9b7a-0a1b2c3d4e5f",
    serviceId: "5f9c8a0e-8d2b-4c8e-9b7a-0a1b2c3d4e5f",
    slaPolicyId: "6f9c8a0e-8d2b-4c8e-9b7a-0a1b2c3d4e5f",
    monthlyFee: "12,000.00",
    currency: "GBP",
    startsOn: "2026-01-01",
    endsOn: "",
    stripeCustomerId: "cus_contoso01",
  };

  it("reads fees as minor units and an empty end as open-ended", () => {
    expect(createContractSchema.parse(contract)).toMatchObject({
      monthlyFee: 1_200_000,
      endsOn: null,
      stripeCustomerId: "cus_contoso01",
    });
    expect(toMinorUnits("0.5")).toBe(50);
    expect(toMinorUnits("12.345")).toBeNull();
  });

  it("refuses a Stripe id that is not cus_…, an unknown currency, impossible dates and an end before the start", () => {
    expect(
      errorsOf(createContractSchema.safeParse({ ...contract, stripeCustomerId: "acct_123" }))
        .stripeCustomerId,
    ).toMatch(/must look like cus_/);
    expect(
      errorsOf(createContractSchema.safeParse({ ...contract, currency: "XYZ" })).currency,
    ).toMatch(/Currency must be one of EUR, GBP, USD/);
    expect(
      errorsOf(createContractSchema.safeParse({ ...contract, startsOn: "2026-02-30" })).startsOn,
    ).toBe("Start date must be a date written YYYY-MM-DD");
    expect(
      errorsOf(createContractSchema.safeParse({ ...contract, endsOn: "2025-12-31" })).endsOn,
    ).toBe("End date must be on or after the start date");
    expect(
      errorsOf(createContractSchema.safeParse({ ...contract, monthlyFee: "-5" })).monthlyFee,
    ).toMatch(/must be an amount/);
  });
});
