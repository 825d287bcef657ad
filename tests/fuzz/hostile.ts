import fc from "fast-check";

/** The fixed seed of `npm test`; FUZZ_SEED replays or varies a run. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_808);

/**
 * Requests per target: the small default keeps `npm test` quick; FUZZ_RUNS raises it for a deep
 * manual run, either as a multiplier ("10x") or as a number of requests per target ("200").
 */
export function fuzzRuns(base: number, env = process.env.FUZZ_RUNS) {
  if (!env) return base;
  const times = /^(\d+(?:\.\d+)?)x$/i.exec(env.trim());
  if (times) return Math.max(1, Math.round(base * Number(times[1])));
  const count = Number(env);
  if (Number.isInteger(count) && count > 0) return count;
  throw new Error(`FUZZ_RUNS must look like "10x" or "200", not "${env}"`);
}

/** The property options every fuzz target uses: seeded, and stopping at the first failure. */
export function fuzzOptions(base: number, salt: string) {
  let hash = FUZZ_SEED;
  for (const c of salt) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) | 0;
  return { seed: hash, numRuns: fuzzRuns(base), endOnFailure: true } as const;
}

/** Values that have broken parsers, number columns, date code and templates before. */
const CLASSICS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\t\r\n",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-1e309",
  "1e-400",
  "-0",
  "0",
  "-1",
  "0.1",
  "1.5",
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "99999999999999999999999999999999",
  "0x1F",
  "1_000",
  "١٢٣",
  "true",
  "false",
  "null",
  "undefined",
  "[]",
  "{}",
  '{"__proto__":{"admin":true}}',
  "__proto__",
  "constructor",
  "' OR '1'='1",
  "'; drop table tickets; --",
  "$1",
  "%",
  "%00",
  "%E0%A4%A",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "{{7*7}}",
  "${7*7}",
  "../../../etc/passwd",
  "javascript:alert(1)",
  "http://127.0.0.1:9/x",
  "mailto:a@b",
  "a@b",
  "@",
  "x@y.z".padStart(320, "a"),
  "\uD800",
  "\uDFFF\uD800",
  "\u202Eevil",
  "\uFEFF",
  "Z̴̡̢͈͓̝̖͎͌̆̄ͅa̸l̷g̶o̵",
  "👩‍👩‍👧‍👦",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "INC-000000",
  "INC-999999999999",
  "REQ-000001",
  "0000-00-00",
  "2026-02-30",
  "9999-12-31",
  "-infinity",
  "epoch",
  "2026-13-01T25:61",
  "1970-01-01T00:00",
  "275760-09-13",
  "24:00",
  "25:61",
  "09:00-09:00",
  "23:00-01:00, 00:00-24:00",
  "Europe/Nowhere",
  "UTC",
  "#zzzzzz",
  "#000000",
];

/** Long strings: past every column's limit, and close to the 1 MB body limit. */
const LONG = fc.constantFrom(257, 4_097, 70_000, 70_000, 900_000).map((n) => "x".repeat(n));

const NUMBERS = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.double().map(String),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, Number.MIN_VALUE).map(String),
);

/** One hostile form value. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CLASSICS) },
  { weight: 2, arbitrary: NUMBERS },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.uuid() },
  {
    weight: 1,
    arbitrary: fc
      .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  { weight: 1, arbitrary: LONG },
);

/** One hostile JSON value (for API bodies): wrong types, huge numbers, odd structures. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -0, 1e308, -1, 2 ** 53 + 1) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((j) => JSON.parse(j) as unknown) },
);

/** JSON text nested `depth` levels deep (as text: a value that deep breaks recursive printers). */
export function deepJson(depth: number) {
  return `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`;
}

/** A stack trace, or the internals one would show, in a response body. */
export function leaksInternals(body: string) {
  return /\n\s+at [\w$.<>]+ \(|node_modules\/|\/app\/modules\/|TypeError:|ReferenceError:|SyntaxError: /.test(
    body,
  );
}
