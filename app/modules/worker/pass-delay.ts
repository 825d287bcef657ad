/**
 * The worker's sleep between passes, in milliseconds: 0 after a full batch (more work is
 * waiting); until the earliest pending SLA check falls due (plus a few milliseconds, so the pass
 * finds it due); a short back-off when that check is already due after a pass that was not full
 * (another worker holds it, or it failed and was postponed); never longer than `interval`.
 */
export function passDelay(input: {
  checked: number;
  limit: number;
  next: Date | null;
  now: Date;
  interval: number;
}) {
  if (input.checked >= input.limit) return 0;
  if (!input.next) return input.interval;
  const wait = input.next.getTime() - input.now.getTime();
  if (wait <= 0) return Math.min(input.interval, BUSY_BACKOFF_MS);
  return Math.min(input.interval, wait + WAKE_SLACK_MS);
}

export const WAKE_SLACK_MS = 3;
export const BUSY_BACKOFF_MS = 50;
