import { describe, expect, it } from "vitest";
import {
  answersFromFormData,
  fieldKeyFromLabel,
  isIsoDate,
  validateRequestAnswers,
  type RequestFormField,
} from "../../app/modules/catalogue/request-form";
import { fieldSchema } from "../../app/modules/catalogue/schemas";

const field = (
  kind: RequestFormField["kind"],
  extra: Partial<RequestFormField> = {},
): RequestFormField => ({
  key: "answer",
  label: "Answer",
  kind,
  required: false,
  options: [],
  ...extra,
});

function errorFor(f: RequestFormField, answer: string | string[] | undefined) {
  const result = validateRequestAnswers([f], { [f.key]: answer });
  return result.ok ? null : result.errors[f.key];
}

function valueFor(f: RequestFormField, answer: string | string[] | undefined) {
  const result = validateRequestAnswers([f], { [f.key]: answer });
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.values[f.key];
}

describe("validateRequestAnswers", () => {
  it("requires an answer for required fields of every kind, and accepts none for optional ones", () => {
    for (const kind of [
      "text",
      "long_text",
      "number",
      "date",
      "single_choice",
      "multiple_choice",
    ] as const) {
      const options = kind.endsWith("choice") ? ["a", "b"] : [];
      expect(errorFor(field(kind, { required: true, options }), undefined), kind).toBe(
        "Answer is required",
      );
      expect(errorFor(field(kind, { required: true, options }), "   "), kind).toBe(
        "Answer is required",
      );
      expect(errorFor(field(kind, { required: true, options }), []), kind).toBe(
        "Answer is required",
      );
      expect(valueFor(field(kind, { options }), undefined), kind).toEqual(
        kind === "multiple_choice" ? [] : null,
      );
    }
  });

  it("trims text and long text and enforces their length limits", () => {
    expect(valueFor(field("text"), "  shop-prod  ")).toBe("shop-prod");
    expect(errorFor(field("text"), "x".repeat(501))).toBe("Answer must be at most 500 characters");
    expect(valueFor(field("long_text"), "line one\nline two")).toBe("line one\nline two");
    expect(errorFor(field("long_text"), "x".repeat(10_001))).toBe(
      "Answer must be at most 10,000 characters",
    );
  });

  it("parses numbers and refuses what is not one", () => {
    expect(valueFor(field("number"), "3")).toBe(3);
    expect(valueFor(field("number"), "-2.5")).toBe(-2.5);
    expect(valueFor(field("number"), " 40 ")).toBe(40);
    for (const bad of ["three", "1,5", "1e3", "0x10", "Infinity", "1 2", "--1"]) {
      expect(errorFor(field("number"), bad), bad).toBe("Answer must be a number, like 3 or 2.5");
    }
  });

  it("accepts only real dates written YYYY-MM-DD", () => {
    expect(valueFor(field("date"), "2026-03-31")).toBe("2026-03-31");
    expect(valueFor(field("date"), "2028-02-29")).toBe("2028-02-29");
    for (const bad of [
      "2026-02-29",
      "2026-04-31",
      "2026-13-01",
      "31/03/2026",
      "2026-3-1",
      "tomorrow",
      "2026-03-31T10:00",
    ]) {
      expect(errorFor(field("date"), bad), bad).toBe(
        "Answer must be a real date written YYYY-MM-DD",
      );
    }
  });

  it("takes a single choice only from the options", () => {
    const region = field("single_choice", { options: ["London", "Amsterdam"] });
    expect(valueFor(region, "London")).toBe("London");
    expect(errorFor(region, "Paris")).toBe("Answer: choose one of the options");
    expect(errorFor(region, ["London", "Amsterdam"])).toBe("Answer takes a single answer");
  });

  it("takes several choices from the options, in the options' order and without repeats", () => {
    const addOns = field("multiple_choice", { options: ["Ingress", "Autoscaler", "Metrics"] });
    expect(valueFor(addOns, ["Metrics", "Ingress", "Metrics"])).toEqual(["Ingress", "Metrics"]);
    expect(valueFor(addOns, "Autoscaler")).toEqual(["Autoscaler"]);
    expect(errorFor(addOns, ["Ingress", "Backups"])).toBe(
      'Answer: "Backups" is not one of the options',
    );
  });

  it("reports every failing field at once, keyed by field key, and ignores unknown keys", () => {
    const fields: RequestFormField[] = [
      { key: "cluster_name", label: "Cluster name", kind: "text", required: true, options: [] },
      { key: "node_count", label: "Node count", kind: "number", required: true, options: [] },
      {
        key: "region",
        label: "Region",
        kind: "single_choice",
        required: false,
        options: ["London", "Amsterdam"],
      },
    ];
    expect(
      validateRequestAnswers(fields, { node_count: "many", region: "Mars", extra: "x" }),
    ).toEqual({
      ok: false,
      errors: {
        cluster_name: "Cluster name is required",
        node_count: "Node count must be a number, like 3 or 2.5",
        region: "Region: choose one of the options",
      },
    });
    expect(
      validateRequestAnswers(fields, { cluster_name: "shop", node_count: "5", extra: "x" }),
    ).toEqual({
      ok: true,
      values: { cluster_name: "shop", node_count: 5, region: null },
    });
  });

  it("reads answers from a submitted form by the answers.<key> names", () => {
    const form = new FormData();
    form.append("answers.region", "London");
    form.append("answers.add_ons", "Ingress");
    form.append("answers.add_ons", "Metrics");
    form.append("intent", "preview");
    expect(
      answersFromFormData([{ key: "region" }, { key: "add_ons" }, { key: "notes" }], form),
    ).toEqual({
      region: ["London"],
      add_ons: ["Ingress", "Metrics"],
      notes: [],
    });
  });
});

describe("field keys and dates", () => {
  it("derives snake_case keys from labels, unique among the taken ones", () => {
    expect(fieldKeyFromLabel("Node count")).toBe("node_count");
    expect(fieldKeyFromLabel("  Storage (GB) ")).toBe("storage_gb");
    expect(fieldKeyFromLabel("Région d'hébergement")).toBe("region_d_hebergement");
    expect(fieldKeyFromLabel("2nd contact")).toBe("field_2nd_contact");
    expect(fieldKeyFromLabel("!!!")).toBe("field");
    expect(fieldKeyFromLabel("Node-count", ["node_count"])).toBe("node_count_2");
    expect(fieldKeyFromLabel("Node count", ["node_count", "node_count_2"])).toBe("node_count_3");
    const long = fieldKeyFromLabel(
      "a very long label that goes on and on and on beyond forty characters",
    );
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
    expect(
      fieldKeyFromLabel("a very long label that goes on and on and on beyond forty characters", [
        long,
      ]),
    ).toMatch(/_2$/);
  });

  it("knows real calendar dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2100-02-29")).toBe(false);
    expect(isIsoDate("0000-01-01")).toBe(true);
  });
});

describe("field definitions (fieldSchema)", () => {
  const parse = (input: Record<string, string>) =>
    fieldSchema.safeParse({ label: "Region", kind: "single_choice", ...input });
  const message = (input: Record<string, string>) => {
    const result = parse(input);
    return result.success
      ? null
      : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("needs at least 2 distinct non-empty options for choice kinds", () => {
    expect(message({ options: "London" })).toEqual([
      "options: Choice fields need at least 2 distinct options, one per line",
    ]);
    expect(message({ options: "London\n\n   \n" })).toEqual([
      "options: Choice fields need at least 2 distinct options, one per line",
    ]);
    expect(message({ options: "London\nlondon" })).toEqual([
      'options: Options must be distinct: "london" is listed twice',
    ]);
    expect(parse({ options: " London \r\nAmsterdam\n" }).data?.options).toEqual([
      "London",
      "Amsterdam",
    ]);
  });

  it("drops options from kinds that have none and reads the required checkbox", () => {
    const result = parse({ kind: "number", options: "a\nb", required: "on" });
    expect(result.data).toMatchObject({
      kind: "number",
      options: [],
      required: true,
      helpText: "",
    });
    expect(parse({ options: "a\nb" }).data?.required).toBe(false);
  });

  it("names the field and the rule for a missing label or an unknown kind", () => {
    expect(message({ label: " ", options: "a\nb" })).toEqual(["label: Label is required"]);
    expect(message({ kind: "colour" })?.[0]).toMatch(/^kind: Kind must be one of/);
  });
});
