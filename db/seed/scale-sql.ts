/**
 * Small SQL builders the scale generator's statements share: constant word lists, nested steps,
 * instants as "milliseconds since the plan's base", and time-ordered ids. Everything they embed
 * is the generator's own constants, never user input.
 */
import type { ScalePlan } from "./scale-plan";

/** A constant text[] (our own word lists, never user input). */
export const textArray = (words: string[]) =>
  `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(", ")}]::text[]`;

/** A word from a constant list, chosen by a random number in [0, 1). */
export const pick = (words: string[], u: string) =>
  `(${textArray(words)})[1 + floor(${u} * ${words.length})::int]`;

/** Nested levels; `offset 0` keeps each one a separate step so no expression is evaluated twice. */
export const level = (inner: string, alias: string, columns: string) =>
  `(select ${alias}.*, ${columns} from ${inner} ${alias} offset 0)`;

/**
 * A UUID whose first 48 bits are the Unix time in ms (RFC 9562 version 7; the rest random), for
 * generated tickets and events. Rows written in time order then append to each tenant's end of
 * the (tenant_id, id) keys instead of landing on random pages of ever larger indexes, which is
 * what makes a bulk load of millions of rows slow. The portal's own ids are random (version 4);
 * looking a row up by id costs the same either way.
 */
export function timeOrderedUuid(epochMs: string) {
  return `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send((${epochMs})::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;
}
/** Milliseconds since the base as a timestamptz, and as JavaScript's toISOString. */
export const ts = (plan: ScalePlan, x: string) =>
  `(timestamptz '${plan.base.toISOString()}' + (${x}) * interval '1 millisecond')`;
export const iso = (plan: ScalePlan, x: string) =>
  `to_char(${ts(plan, x)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
