/** Small shared input-validation helpers (not part of the public API). */

export function instantMs(d: unknown, name: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (t !== t) throw new Error(`${name} must be a valid Date`);
  return t;
}

export function finiteNumber(x: unknown, name: string): number {
  if (typeof x !== "number" || !Number.isFinite(x))
    throw new Error(`${name} must be a finite number`);
  return x;
}

export function nonNegative(x: unknown, name: string): number {
  const v = finiteNumber(x, name);
  if (v < 0) throw new Error(`${name} must not be negative (got ${v})`);
  return v;
}
