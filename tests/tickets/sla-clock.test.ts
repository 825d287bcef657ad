import type { Calendar } from "@covenant/sla-engine";
import { describe, expect, it } from "vitest";
import {
  computeTicketSla,
  crossingKey,
  describeClock,
  nextCheckAt,
  resolutionClockEvents,
  responseClockEvents,
  type StatusChange,
} from "../../app/modules/tickets/sla-clock";
import { orderStatusChanges } from "../../app/modules/tickets/sla-clock.server";
import type { TicketStatus } from "../../app/modules/tickets/constants";

/** Mon–Fri 09:00–17:30 in London; November is GMT, so local time = UTC below. */
const office: Calendar = {
  timeZone: "Europe/London",
  weekly: {
    0: [],
    1: [["09:00", "17:30"]],
    2: [["09:00", "17:30"]],
    3: [["09:00", "17:30"]],
    4: [["09:00", "17:30"]],
    5: [["09:00", "17:30"]],
    6: [],
  },
  holidays: [],
};
const at = (local: string) => new Date(`2026-11-${local}:00Z`);
/** 2026-11-02 is a Monday. */
const MON = (hm: string) => at(`02T${hm}`);
const TUE = (hm: string) => at(`03T${hm}`);

function changes(...steps: Array<[Date, TicketStatus]>): StatusChange[] {
  let from: TicketStatus = "new";
  return steps.map(([when, to]) => {
    const change = { at: when, from, to };
    from = to;
    return change;
  });
}

const PAUSE = ["awaiting_customer"];

function sla(input: {
  statusChanges: StatusChange[];
  firstResponseAt?: Date | null;
  now: Date;
  response?: number;
  resolution?: number;
  pauseStatuses?: string[];
  calendar?: Calendar;
}) {
  return computeTicketSla({
    createdAt: MON("09:00"),
    statusChanges: input.statusChanges,
    firstResponseAt: input.firstResponseAt ?? null,
    pauseStatuses: input.pauseStatuses ?? PAUSE,
    calendar: input.calendar ?? office,
    targets: { responseMinutes: input.response ?? 60, resolutionMinutes: input.resolution ?? 480 },
    warningPercent: 80,
    now: input.now,
  });
}

describe("ticket SLA clocks from the status history", () => {
  it("stops the response clock at the first public reply and keeps the resolution clock running", () => {
    const result = sla({
      statusChanges: changes([MON("09:10"), "in_progress"]),
      firstResponseAt: MON("09:40"),
      now: MON("12:00"),
    });
    expect(result.response).toMatchObject({ state: "met", elapsedMinutes: 40, dueAt: null });
    expect(result.resolution).toMatchObject({ state: "running", elapsedMinutes: 180 });
    expect(result.resolution.dueAt).toEqual(MON("17:00"));
    expect(result.response.events.map((e) => e.kind)).toEqual(["start", "stop"]);
  });

  it("pauses both clocks while awaiting the customer, across the night, and resumes when the customer answers", () => {
    const history = changes([MON("10:00"), "awaiting_customer"], [TUE("11:00"), "in_progress"]);
    const result = sla({ statusChanges: history, now: TUE("12:00"), response: 120 });
    // 60 min before the pause, 60 min after it; the paused afternoon, night and morning do not count.
    expect(result.resolution).toMatchObject({
      state: "running",
      elapsedMinutes: 120,
      remainingMinutes: 360,
    });
    // 360 minutes left at Tuesday 12:00: 330 until Tuesday's close, 30 on Wednesday morning.
    expect(result.resolution.dueAt).toEqual(new Date("2026-11-04T09:30:00Z"));
    expect(result.response).toMatchObject({ state: "breached", elapsedMinutes: 120 });
    expect(result.response.breachedAt).toEqual(TUE("12:00"));
    expect(result.resolution.events.map((e) => e.kind)).toEqual(["start", "pause", "resume"]);
    expect(result.resolution.events[1]!.why).toContain("Awaiting customer");

    const whilePaused = sla({ statusChanges: history.slice(0, 1), now: MON("15:00") });
    expect(whilePaused.resolution).toMatchObject({
      state: "paused",
      elapsedMinutes: 60,
      dueAt: null,
    });
    expect(whilePaused.nextFutureCheckAt).toBeNull();
  });

  it("models a reopened ticket as pause and resume, and stops only at the final resolution", () => {
    const history = changes(
      [MON("09:30"), "in_progress"],
      [MON("11:00"), "resolved"],
      [MON("13:00"), "in_progress"],
      [MON("14:00"), "resolved"],
      [TUE("09:00"), "closed"],
    );
    const result = sla({
      statusChanges: history,
      firstResponseAt: MON("09:30"),
      now: TUE("12:00"),
    });
    expect(result.resolution).toMatchObject({ state: "met", elapsedMinutes: 180 });
    expect(result.resolution.events.map((e) => e.kind)).toEqual([
      "start",
      "pause",
      "resume",
      "stop",
    ]);
    expect(result.resolution.events[3]!.at).toEqual(MON("14:00"));

    // Reopened again after closing: the final stop becomes a pause, and the clock runs again.
    const reopened = sla({
      statusChanges: [...history, { at: TUE("10:00"), from: "closed", to: "in_progress" }],
      firstResponseAt: MON("09:30"),
      now: TUE("11:00"),
    });
    expect(reopened.resolution).toMatchObject({ state: "running", elapsedMinutes: 240 });
    expect(reopened.resolution.events.map((e) => e.kind)).toEqual([
      "start",
      "pause",
      "resume",
      "pause",
      "resume",
    ]);
  });

  it("counts a resolution before any reply as the response", () => {
    const result = sla({ statusChanges: changes([MON("09:20"), "resolved"]), now: MON("12:00") });
    expect(result.response).toMatchObject({ state: "met", elapsedMinutes: 20 });
    expect(result.resolution).toMatchObject({ state: "met", elapsedMinutes: 20 });
  });

  it("pauses at resolution and stops at closing when the policy pauses in resolved", () => {
    const history = changes([MON("10:00"), "resolved"], [TUE("10:00"), "closed"]);
    const open = sla({
      statusChanges: history.slice(0, 1),
      now: MON("12:00"),
      pauseStatuses: ["awaiting_customer", "resolved"],
    });
    expect(open.resolution).toMatchObject({ state: "paused", elapsedMinutes: 60 });
    const closed = sla({
      statusChanges: history,
      now: TUE("12:00"),
      pauseStatuses: ["awaiting_customer", "resolved"],
    });
    expect(closed.resolution).toMatchObject({ state: "met", elapsedMinutes: 60 });
  });

  it("re-targets over the whole history when the priority changes", () => {
    const history = changes([MON("09:05"), "in_progress"]);
    const p3 = sla({ statusChanges: history, now: MON("11:00"), resolution: 480 });
    const p1 = sla({ statusChanges: history, now: MON("11:00"), resolution: 90 });
    expect(p3.resolution.state).toBe("running");
    expect(p1.resolution).toMatchObject({ state: "breached", breachedAt: MON("10:30") });
  });

  it("finds the warning instant and the next check, and reports crossings once recorded", () => {
    const history = changes([MON("09:05"), "in_progress"]);
    const early = sla({ statusChanges: history, now: MON("09:30"), response: 60, resolution: 480 });
    expect(early.response.warningAt).toEqual(MON("09:48"));
    expect(early.nextFutureCheckAt).toEqual(MON("09:48"));
    expect(early.crossings).toEqual([]);
    expect(early.atRisk).toBe(false);

    const warned = sla({ statusChanges: history, now: MON("09:50") });
    expect(warned.atRisk).toBe(true);
    expect(warned.crossings).toEqual([{ clock: "response", kind: "warning", at: MON("09:48") }]);
    expect(warned.nextFutureCheckAt).toEqual(MON("10:00"));
    expect(nextCheckAt(warned, new Set())).toEqual(MON("09:48"));
    expect(nextCheckAt(warned, new Set([crossingKey("response", "warning")]))).toEqual(
      MON("10:00"),
    );

    const breached = sla({ statusChanges: history, now: MON("10:05") });
    expect(breached.crossings).toEqual([{ clock: "response", kind: "breach", at: MON("10:00") }]);
    // The resolution clock warns at 80 % of 480 business minutes: 15:24 on Monday.
    expect(breached.nextFutureCheckAt).toEqual(MON("15:24"));
  });

  it("does not warn about a clock that already stopped in time", () => {
    const result = sla({
      statusChanges: changes([MON("09:05"), "in_progress"]),
      firstResponseAt: MON("09:55"),
      now: MON("10:30"),
    });
    expect(result.response.state).toBe("met");
    expect(result.crossings).toEqual([]);
  });

  it("explains each clock in a sentence", () => {
    const result = sla({
      statusChanges: changes([MON("10:00"), "awaiting_customer"]),
      firstResponseAt: MON("09:30"),
      now: MON("11:00"),
    });
    expect(describeClock(result.response, "Europe/London")).toMatch(
      /^First response met: the clock stopped .*first public reply from support.* with 30 min of 1 h business time used\.$/,
    );
    expect(describeClock(result.resolution, "Europe/London")).toMatch(
      /^Resolution paused since .*awaiting customer.*: 1 h of 8 h business time used, 7 h left\.$/,
    );
  });

  it("orders status changes made at the same instant by their from/to chain", () => {
    const same = MON("10:00");
    const shuffled: StatusChange[] = [
      { at: same, from: "resolved", to: "closed" },
      { at: MON("09:00"), from: "new", to: "in_progress" },
      { at: same, from: "in_progress", to: "resolved" },
    ];
    const ordered = orderStatusChanges(shuffled);
    expect(ordered.map((c) => c.to)).toEqual(["in_progress", "resolved", "closed"]);
  });

  it("builds response events that ignore what happens after the stop", () => {
    const events = responseClockEvents({
      createdAt: MON("09:00"),
      statusChanges: changes([MON("09:30"), "awaiting_customer"], [MON("10:30"), "in_progress"]),
      firstResponseAt: MON("09:20"),
      pauseStatuses: PAUSE,
    });
    expect(events.map((e) => e.kind)).toEqual(["start", "stop"]);
    const resolution = resolutionClockEvents({
      createdAt: MON("09:00"),
      statusChanges: changes([MON("09:30"), "awaiting_customer"], [MON("10:30"), "in_progress"]),
      firstResponseAt: MON("09:20"),
      pauseStatuses: PAUSE,
    });
    expect(resolution.map((e) => e.kind)).toEqual(["start", "pause", "resume"]);
  });
});
