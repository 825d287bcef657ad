/**
 * Parser for Stripe's form encoding (application/x-www-form-urlencoded with
 * bracket notation), e.g.
 *
 *   name=Acme&metadata[credit_id]=42&expand[0]=customer&tags[]=a&tags[]=b
 *
 * becomes
 *
 *   { name: "Acme", metadata: { credit_id: "42" }, expand: { "0": "customer" }, tags: ["a", "b"] }
 *
 * Indexed arrays (`a[0]`, which is what the SDK sends) are kept as objects
 * with numeric keys; use {@link asList} where a field is meant to be a list.
 * All maps are created without a prototype so keys such as `__proto__` are
 * plain data.
 */

export type ParamValue = string | ParamValue[] | ParamMap;
export interface ParamMap {
  [key: string]: ParamValue;
}

export class FormParseError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
    this.name = "FormParseError";
  }
}

export function emptyParams(): ParamMap {
  return Object.create(null) as ParamMap;
}

function decodeComponent(raw: string, what: string, param: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw new FormParseError(`Invalid URL encoding in ${what}: ${raw}`, param);
  }
}

/**
 * Splits `a[b][][c]` into `["a", "b", "", "c"]`. A key whose brackets are
 * not well formed is taken literally as a single segment.
 */
export function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    if (rest[0] !== "[") return [key];
    const close = rest.indexOf("]");
    if (close < 0) return [key];
    segments.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  return segments;
}

function isMap(v: ParamValue | undefined): v is ParamMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function assign(target: ParamMap, segments: string[], value: string, fullKey: string): void {
  let node: ParamMap | ParamValue[] = target;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(node)) {
      if (seg !== "") {
        throw new FormParseError(`Invalid array: ${fullKey}`, fullKey);
      }
      if (last) {
        node.push(value);
        return;
      }
      // `a[][b]=1` starts a new element each time (qs semantics are more
      // elaborate; Stripe's SDK never sends this).
      const child = emptyParams();
      node.push(child);
      node = child;
      continue;
    }
    if (seg === "" && i > 0) {
      throw new FormParseError(`Invalid hash: ${fullKey}`, fullKey);
    }
    const existing: ParamValue | undefined = node[seg];
    if (last) {
      if (existing !== undefined && typeof existing !== "string") {
        throw new FormParseError(
          `Invalid parameter: ${fullKey} is given both as a hash/array and as a value`,
          fullKey,
        );
      }
      node[seg] = value;
      return;
    }
    const nextIsArray = segments[i + 1] === "";
    if (existing === undefined) {
      const child: ParamMap | ParamValue[] = nextIsArray ? [] : emptyParams();
      node[seg] = child;
      node = child;
    } else if (nextIsArray ? Array.isArray(existing) : isMap(existing)) {
      node = existing as ParamMap | ParamValue[];
    } else {
      throw new FormParseError(
        `Invalid parameter: ${fullKey} conflicts with another parameter`,
        fullKey,
      );
    }
  }
}

/** Parses a form-encoded string (request body or query string without `?`). */
export function parseForm(input: string): ParamMap {
  const out = emptyParams();
  if (input.length === 0) return out;
  for (const pair of input.split("&")) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const key = decodeComponent(rawKey, "parameter name", rawKey);
    if (key.length === 0) continue;
    const value = decodeComponent(rawValue, `parameter ${key}`, key);
    assign(out, splitKey(key), value, key);
  }
  return out;
}

/**
 * Interprets a parsed value as a list: accepts `a[]=x` arrays, `a[0]=x`
 * indexed maps (in index order) and a single string.
 */
export function asList(value: ParamValue | undefined): ParamValue[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return [value];
  const keys = Object.keys(value);
  if (!keys.every((k) => /^\d+$/.test(k))) return undefined;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k]!);
}

/** Stable JSON of a parsed value with sorted keys (used to compare requests). */
export function canonicalize(value: ParamValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(value[k]!)}`).join(",")}}`;
}

/** Converts a parsed value into ordinary objects (for logs and JSON). */
export function toPlain(value: ParamValue): unknown {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    Object.defineProperty(out, k, {
      value: toPlain(value[k]!),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
