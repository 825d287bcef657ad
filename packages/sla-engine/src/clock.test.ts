import { describe, expect, it } from "vitest";
import { type ClockEvent, computeClock } from "./index";
import { LONDON_OFFICE, cal, d, weekdays } from "./test-fixtures.test-helper";

// Europe/London office hours Mon–Fri 09:00–17:30; January = GMT. Mon 2026-01-12 … Fri 2026-01-16.
const calendar = LONDON_OFFICE;
const ev = (kind: ClockEvent["kind"], at: string): ClockEvent => ({ kind, at: d(at) });
const iso = (x: Date | null) => (x === null ? null : x.toISOString());
const clock = (targetMinutes: number, now: string, events: ClockEvent[]) => {
  const r = computeClock({ calendar, targetMinutes, now: d(now), events });
  return { ...r, dueAt: iso(r.dueAt), breachedAt: iso(r.breachedAt) };
};

describe("computeClock", () => {
  it("running: elapsed business time, remaining and due instant", () => {
    expect(clock(240, "2026-01-12T10:00Z", [ev("start", "2026-01-12T09:00Z")])).toEqual({
      state: "running",
      elapsedMinutes: 60,
      remainingMinutes: 180,
      dueAt: "2026-01-12T13:00:00.000Z",
      breachedAt: null,
    });
  });

  it("a clock started outside business hours accrues nothing until the window opens", () => {
    expect(clock(60, "2026-01-12T08:00Z", [ev("start", "2026-01-10T12:00Z")])).toMatchObject({
      state: "running",
      elapsedMinutes: 0,
      dueAt: "2026-01-12T10:00:00.000Z",
    });
  });

  it("pause and resume", () => {
    const events = [ev("start", "2026-01-12T09:00Z"), ev("pause", "2026-01-12T10:00Z")];
    expect(clock(240, "2026-01-12T12:00Z", events)).toEqual({
      state: "paused",
      elapsedMinutes: 60,
      remainingMinutes: 180,
      dueAt: null,
      breachedAt: null,
    });
    events.push(ev("resume", "2026-01-12T13:00Z"));
    expect(clock(240, "2026-01-12T14:00Z", events)).toEqual({
      state: "running",
      elapsedMinutes: 120,
      remainingMinutes: 120,
      dueAt: "2026-01-12T16:00:00.000Z",
      breachedAt: null,
    });
    // pauses spanning nights and weekends
    const long = [
      ev("start", "2026-01-15T17:00Z"),
      ev("pause", "2026-01-16T09:30Z"),
      ev("resume", "2026-01-19T09:00Z"),
    ];
    expect(clock(120, "2026-01-19T09:30Z", long)).toMatchObject({
      state: "running",
      elapsedMinutes: 90,
      dueAt: "2026-01-19T10:00:00.000Z",
    });
  });

  it("stop before the target is met", () => {
    const events = [ev("start", "2026-01-12T09:00Z"), ev("stop", "2026-01-12T11:00Z")];
    expect(clock(240, "2026-01-13T12:00Z", events)).toEqual({
      state: "met",
      elapsedMinutes: 120,
      remainingMinutes: 120,
      dueAt: null,
      breachedAt: null,
    });
  });

  it("stop exactly at the due instant is met", () => {
    const events = [ev("start", "2026-01-12T09:00Z"), ev("stop", "2026-01-12T13:00Z")];
    expect(clock(240, "2026-01-13T12:00Z", events)).toMatchObject({
      state: "met",
      elapsedMinutes: 240,
      remainingMinutes: 0,
    });
  });

  it("breach while running", () => {
    expect(clock(240, "2026-01-12T15:00Z", [ev("start", "2026-01-12T09:00Z")])).toEqual({
      state: "breached",
      elapsedMinutes: 360,
      remainingMinutes: 0,
      dueAt: "2026-01-12T13:00:00.000Z",
      breachedAt: "2026-01-12T13:00:00.000Z",
    });
    // running clock exactly at the due instant has reached its target
    expect(clock(240, "2026-01-12T13:00Z", [ev("start", "2026-01-12T09:00Z")])).toMatchObject({
      state: "breached",
      breachedAt: "2026-01-12T13:00:00.000Z",
    });
  });

  it("stop after the target stays breached, with the original breach instant", () => {
    const events = [
      ev("start", "2026-01-12T09:00Z"),
      ev("pause", "2026-01-12T10:00Z"),
      ev("resume", "2026-01-13T09:00Z"),
      ev("stop", "2026-01-14T12:00Z"),
    ];
    expect(clock(600, "2026-01-20T00:00Z", events)).toEqual({
      state: "breached",
      elapsedMinutes: 60 + 510 + 180,
      remainingMinutes: 0,
      dueAt: "2026-01-14T09:30:00.000Z",
      breachedAt: "2026-01-14T09:30:00.000Z",
    });
  });

  it("target reached at the end of a business day, stopped in the evening: breached", () => {
    // 510 minutes = the whole Monday; reached at 17:30, stopped at 18:00 with elapsed == target
    const events = [ev("start", "2026-01-12T09:00Z"), ev("stop", "2026-01-12T18:00Z")];
    expect(clock(510, "2026-01-13T00:00Z", events)).toMatchObject({
      state: "breached",
      elapsedMinutes: 510,
      breachedAt: "2026-01-12T17:30:00.000Z",
    });
  });

  it("a breached clock that is paused stays breached", () => {
    const events = [ev("start", "2026-01-12T09:00Z"), ev("pause", "2026-01-12T12:00Z")];
    expect(clock(60, "2026-01-12T13:00Z", events)).toMatchObject({
      state: "breached",
      elapsedMinutes: 180,
      breachedAt: "2026-01-12T10:00:00.000Z",
      dueAt: "2026-01-12T10:00:00.000Z",
    });
  });

  it("now before start: not started yet (paused, nothing elapsed)", () => {
    expect(clock(240, "2026-01-12T08:00Z", [ev("start", "2026-01-12T09:00Z")])).toEqual({
      state: "paused",
      elapsedMinutes: 0,
      remainingMinutes: 240,
      dueAt: null,
      breachedAt: null,
    });
    expect(clock(240, "2026-01-12T08:00Z", [])).toMatchObject({
      state: "paused",
      elapsedMinutes: 0,
    });
  });

  it("ignores events after now, sorts events, and ignores out-of-place events", () => {
    const events = [
      ev("stop", "2026-01-12T16:00Z"), // after now
      ev("pause", "2026-01-12T10:00Z"),
      ev("resume", "2026-01-12T09:30Z"), // while running: ignored
      ev("start", "2026-01-12T09:00Z"),
      ev("pause", "2026-01-12T10:30Z"), // while paused: ignored
      ev("start", "2026-01-12T11:00Z"), // second start: ignored
    ];
    expect(clock(240, "2026-01-12T12:00Z", events)).toMatchObject({
      state: "paused",
      elapsedMinutes: 60,
    });
  });

  it("events after a stop are ignored", () => {
    const events = [
      ev("start", "2026-01-12T09:00Z"),
      ev("stop", "2026-01-12T10:00Z"),
      ev("resume", "2026-01-12T11:00Z"),
    ];
    expect(clock(240, "2026-01-12T15:00Z", events)).toMatchObject({
      state: "met",
      elapsedMinutes: 60,
    });
  });

  it("a zero target is reached at the start (met only if stopped at that instant)", () => {
    expect(clock(0, "2026-01-12T10:00Z", [ev("start", "2026-01-12T09:00Z")])).toMatchObject({
      state: "breached",
      breachedAt: "2026-01-12T09:00:00.000Z",
    });
    const stopped = [ev("start", "2026-01-12T09:00Z"), ev("stop", "2026-01-12T09:00Z")];
    expect(clock(0, "2026-01-12T10:00Z", stopped)).toMatchObject({
      state: "met",
      elapsedMinutes: 0,
    });
  });

  it("keeps fractional minutes", () => {
    const r = clock(10, "2026-01-12T09:00:30Z", [ev("start", "2026-01-12T09:00Z")]);
    expect(r).toMatchObject({ state: "running", elapsedMinutes: 0.5, remainingMinutes: 9.5 });
    expect(r.dueAt).toBe("2026-01-12T09:10:00.000Z");
  });

  it("works on 24x7 and across DST", () => {
    const r = computeClock({
      calendar: "24x7",
      targetMinutes: 120,
      now: d("2026-03-29T00:30Z"),
      events: [{ kind: "start", at: d("2026-03-29T00:00Z") }],
    });
    expect(r.dueAt?.toISOString()).toBe("2026-03-29T02:00:00.000Z");
    const night = cal("Europe/London", weekdays([]));
    const r2 = computeClock({
      calendar: night,
      targetMinutes: 1,
      now: d("2026-03-29T00:30Z"),
      events: [ev("start", "2026-03-29T00:00Z")],
    });
    expect(r2).toMatchObject({ state: "running", dueAt: null }); // never due: no business hours
  });

  it("validates input", () => {
    const now = d("2026-01-12T09:00Z");
    expect(() => computeClock({ calendar, targetMinutes: -1, now, events: [] })).toThrow(
      /targetMinutes.*negative/,
    );
    expect(() =>
      computeClock({ calendar, targetMinutes: 1, now: new Date("x"), events: [] }),
    ).toThrow(/now.*valid Date/);
    expect(() =>
      computeClock({
        calendar,
        targetMinutes: 1,
        now,
        events: [{ kind: "begin" as never, at: now }],
      }),
    ).toThrow(/events\[0\]\.kind/);
    expect(() =>
      computeClock({
        calendar,
        targetMinutes: 1,
        now,
        events: [{ kind: "start", at: null as never }],
      }),
    ).toThrow(/events\[0\]\.at/);
  });
});
