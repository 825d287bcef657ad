/**
 * @covenant/sla-engine — business calendars, SLA clocks, availability and service credits.
 * Pure functions over plain data; no I/O. See README.md for the exact semantics.
 */
export type { Calendar, Weekday } from "./calendar";
export { validateCalendar } from "./calendar";
export { addBusinessMinutes, businessMinutesBetween } from "./business-time";
export type { ClockEvent, ClockEventKind, ClockInput, ClockResult, ClockState } from "./clock";
export { computeClock } from "./clock";
export type { AvailabilityInput, Interval } from "./availability";
export { availability } from "./availability";
export type { CreditTier, ServiceCreditInput } from "./credit";
export { serviceCredit } from "./credit";
export { instantToZonedTime, zonedTimeToInstant } from "./zoned-time";
