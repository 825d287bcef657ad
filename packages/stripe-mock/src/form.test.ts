import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asList, canonicalize, FormParseError, parseForm, splitKey, toPlain } from "./form";

/** Encodes like stripe-node: indexed arrays, nested brackets, brackets left unescaped. */
function encodeLikeSdk(data: Record<string, unknown>): string {
  const enc = (s: string) =>
    encodeURIComponent(s)
      .replace(/!/g, "%21")
      .replace(/\*/g, "%2A")
      .replace(/\(/g, "%28")
      .replace(/\)/g, "%29")
      .replace(/'/g, "%27")
      .replace(/%5B/g, "[")
      .replace(/%5D/g, "]");
  const pairs: string[] = [];
  const walk = (key: string, value: unknown) => {
    if (typeof value === "string") pairs.push(`${enc(key)}=${enc(value)}`);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(`${key}[${i}]`, v));
    else for (const [k, v] of Object.entries(value as object)) walk(`${key}[${k}]`, v);
  };
  for (const [k, v] of Object.entries(data)) walk(k, v);
  return pairs.join("&");
}

describe("parseForm", () => {
  it("parses flat, nested and list parameters", () => {
    const parsed = parseForm(
      "amount=-500&currency=usd&metadata[credit_id]=cr_1&metadata[note]=a+b%26c&expand[0]=customer&expand[1]=invoice&tags[]=x&tags[]=y&a[b][c]=deep",
    );
    expect(toPlain(parsed)).toEqual({
      amount: "-500",
      currency: "usd",
      metadata: { credit_id: "cr_1", note: "a b&c" },
      expand: { "0": "customer", "1": "invoice" },
      tags: ["x", "y"],
      a: { b: { c: "deep" } },
    });
    expect(asList(parsed["expand"])).toEqual(["customer", "invoice"]);
    expect(asList(parsed["tags"])).toEqual(["x", "y"]);
  });

  it("accepts percent-encoded brackets and values containing '=' or brackets", () => {
    expect(toPlain(parseForm("metadata%5Bk%5D=v%3Dw&x=[1]=2"))).toEqual({
      metadata: { k: "v=w" },
      x: "[1]=2",
    });
  });

  it("treats empty values as empty strings and skips empty pairs", () => {
    expect(toPlain(parseForm("&description=&flag&&"))).toEqual({ description: "", flag: "" });
  });

  it("keeps __proto__ and constructor as plain data", () => {
    const parsed = parseForm("metadata[__proto__]=x&metadata[constructor]=y&__proto__[polluted]=1");
    expect(toPlain(parsed["metadata"]!)).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("rejects malformed encoding and conflicting shapes", () => {
    expect(() => parseForm("name=%E0%A4%A")).toThrow(FormParseError);
    expect(() => parseForm("metadata=x&metadata[a]=b")).toThrow(FormParseError);
    expect(() => parseForm("metadata[a]=b&metadata=x")).toThrow(FormParseError);
    expect(() => parseForm("a[]=1&a[0]=2")).toThrow(FormParseError);
  });

  it("takes malformed bracket keys literally", () => {
    expect(splitKey("a[b")).toEqual(["a[b"]);
    expect(splitKey("a[b]c")).toEqual(["a[b]c"]);
    expect(splitKey("[x]")).toEqual(["[x]"]);
    expect(splitKey("a[b][][c]")).toEqual(["a", "b", "", "c"]);
  });

  it("canonicalize ignores key order", () => {
    expect(canonicalize(parseForm("a=1&b[x]=2&b[y]=3"))).toBe(
      canonicalize(parseForm("b[y]=3&a=1&b[x]=2")),
    );
    expect(canonicalize(parseForm("a=1"))).not.toBe(canonicalize(parseForm("a=2")));
  });

  it("round-trips anything the SDK's encoding can express (property)", () => {
    // Keys without brackets (Stripe forbids them in metadata keys); any text values.
    const key = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 8 })
      .filter((k) => !/[[\]]/.test(k));
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.string({ unit: "grapheme", maxLength: 12 }),
        fc.array(tie("leaf"), { minLength: 1, maxLength: 3 }),
        fc.dictionary(key, tie("node"), { minKeys: 1, maxKeys: 3 }),
      ),
      leaf: fc.string({ unit: "grapheme", maxLength: 12 }),
    })).node;
    const toExpected = (v: unknown): unknown => {
      if (typeof v === "string") return v;
      if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), toExpected(x)]));
      return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, toExpected(x)]));
    };
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (data) => {
        const parsed = toPlain(parseForm(encodeLikeSdk(data)));
        expect(parsed).toEqual(toExpected(data));
      }),
      { numRuns: 300 },
    );
  });
});
