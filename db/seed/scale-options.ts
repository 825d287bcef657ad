/**
 * Command-line options of `npm run seed:scale` (pure: parsed and validated here, used by
 * db/seed/scale.ts and its tests).
 *
 *   --preset small|medium|large   a named size (default: small)
 *   --tenants N                   number of scale tenants (1–9,999), overrides the preset
 *   --tickets M                   number of tickets over all of them, overrides the preset
 *   --jobs J                      database sessions generating tickets side by side (default 2)
 */
import { parseArgs } from "node:util";

export type ScalePresetName = "small" | "medium" | "large";

export const SCALE_PRESETS: Record<ScalePresetName, { tenants: number; tickets: number }> = {
  small: { tenants: 20, tickets: 50_000 },
  medium: { tenants: 200, tickets: 1_000_000 },
  large: { tenants: 1_000, tickets: 10_000_000 },
};

/** Slugs are scale-0001 … scale-9999 (the benchmarks' naming contract). */
export const MAX_SCALE_TENANTS = 9_999;
export const MAX_SCALE_TICKETS = 50_000_000;

export const DEFAULT_SCALE_JOBS = 2;

export type ScaleOptions = {
  tenants: number;
  tickets: number;
  jobs: number;
  /** the preset the sizes started from (flags may have overridden either number) */
  preset: ScalePresetName;
};

export const SCALE_USAGE = `Usage: npm run seed:scale -- [--preset small|medium|large] [--tenants N] [--tickets M] [--jobs J]

Fills the PostgreSQL database named by DATABASE_URL with scale data: tenants scale-0001 … (the
first is the largest), each with customers, services, calendars, SLA policies, contracts, people
and tickets with their histories. --tenants and --tickets override the preset's numbers; --jobs
sets how many database sessions generate tickets side by side (default 2, at most 8).

Presets: small  = 20 tenants,    50,000 tickets (default; CI)
         medium = 200 tenants,   1,000,000 tickets
         large  = 1,000 tenants, 10,000,000 tickets

A database that already holds scale tenants is left as it is: use a fresh database for new data.`;

export class ScaleUsageError extends Error {}

function isPreset(value: string): value is ScalePresetName {
  return Object.hasOwn(SCALE_PRESETS, value);
}

function wholeNumber(flag: string, text: string, min: number, max: number) {
  const digits = text.trim().replace(/[_,]/g, "");
  if (!/^\d+$/.test(digits)) {
    throw new ScaleUsageError(`--${flag} must be a whole number, like 1000 (got "${text}").`);
  }
  const value = Number(digits);
  if (value < min || value > max) {
    throw new ScaleUsageError(
      `--${flag} must be between ${min.toLocaleString("en-GB")} and ${max.toLocaleString("en-GB")} (got ${value.toLocaleString("en-GB")}).`,
    );
  }
  return value;
}

/** Parses `process.argv.slice(2)`; throws ScaleUsageError with a message that says what to fix. */
export function parseScaleArgs(argv: string[]): ScaleOptions | "help" {
  let values: {
    preset?: string;
    tenants?: string;
    tickets?: string;
    jobs?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        preset: { type: "string" },
        tenants: { type: "string" },
        tickets: { type: "string" },
        jobs: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ScaleUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  const presetName = values.preset ?? "small";
  if (!isPreset(presetName)) {
    throw new ScaleUsageError(
      `--preset must be one of ${Object.keys(SCALE_PRESETS).join(", ")} (got "${presetName}").`,
    );
  }
  const preset = SCALE_PRESETS[presetName];
  const tenants =
    values.tenants === undefined
      ? preset.tenants
      : wholeNumber("tenants", values.tenants, 1, MAX_SCALE_TENANTS);
  const tickets =
    values.tickets === undefined
      ? preset.tickets
      : wholeNumber("tickets", values.tickets, 1, MAX_SCALE_TICKETS);
  if (tickets < tenants) {
    throw new ScaleUsageError(
      `--tickets (${tickets.toLocaleString("en-GB")}) must be at least --tenants (${tenants.toLocaleString("en-GB")}): every tenant gets at least one ticket.`,
    );
  }
  const jobs =
    values.jobs === undefined ? DEFAULT_SCALE_JOBS : wholeNumber("jobs", values.jobs, 1, 8);
  return { tenants, tickets, jobs, preset: presetName };
}
