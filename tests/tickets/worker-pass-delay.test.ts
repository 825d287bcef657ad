import { describe, expect, it } from "vitest";
import { BUSY_BACKOFF_MS, passDelay, WAKE_SLACK_MS } from "../../app/modules/worker/pass-delay";

const now = new Date("2026-11-02T10:00:00.000Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const base = { checked: 3, limit: 100, now, interval: 2_000 };

describe("the worker's sleep between passes", () => {
  it("wakes just after the next SLA check falls due, not at the next polling interval", () => {
    expect(passDelay({ ...base, next: at(250) })).toBe(250 + WAKE_SLACK_MS);
  });

  it("never sleeps longer than the interval (new tickets may fall due sooner)", () => {
    expect(passDelay({ ...base, next: at(60_000) })).toBe(2_000);
    expect(passDelay({ ...base, next: null })).toBe(2_000);
  });

  it("goes again at once after a full batch", () => {
    expect(passDelay({ ...base, checked: 100, next: at(60_000) })).toBe(0);
  });

  it("backs off briefly instead of spinning on a check another worker holds", () => {
    expect(passDelay({ ...base, next: at(-5) })).toBe(BUSY_BACKOFF_MS);
  });
});
