import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function realDay(value: string) {
  if (!DAY.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value && value >= "2000-01-01"
  );
}

const day = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .refine(realDay, `${label} must be a real date from 2000 on, like 2026-03-31`);

const text = (label: string, max: number) =>
  z
    .string()
    .default("")
    .transform((v) => v.replace(/\r\n/g, "\n").trim())
    .refine(
      (v) => v.length <= max,
      `${label} must be at most ${max.toLocaleString("en-GB")} characters`,
    );

export const REVIEW_ACTION_STATUSES = ["open", "in_progress", "done"] as const;
export type ReviewActionStatus = (typeof REVIEW_ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ReviewActionStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
};

/** Scheduling a review: the customer, the period its pack covers (inclusive UTC days) and the meeting date. */
export const createReviewSchema = z
  .object({
    customerId: z.uuid({ error: "Choose a customer from the list" }),
    title: z
      .string({ error: "Title is required" })
      .trim()
      .min(1, "Title is required")
      .max(200, "Title must be at most 200 characters"),
    periodStart: day("Period start"),
    periodEnd: day("Period end"),
    meetingOn: day("Meeting date"),
    agenda: text("Agenda", 20000),
    attendees: text("Attendees", 5000),
  })
  .superRefine((v, ctx) => {
    if (realDay(v.periodStart) && realDay(v.periodEnd) && v.periodEnd < v.periodStart)
      ctx.addIssue({
        code: "custom",
        path: ["periodEnd"],
        message: "Period end must be on or after the period start",
      });
    if (
      realDay(v.periodStart) &&
      realDay(v.periodEnd) &&
      (Date.parse(v.periodEnd) - Date.parse(v.periodStart)) / 86_400_000 + 1 > 366
    )
      ctx.addIssue({
        code: "custom",
        path: ["periodEnd"],
        message: "A review period can be at most 366 days",
      });
    if (realDay(v.periodEnd) && realDay(v.meetingOn) && v.meetingOn < v.periodEnd)
      ctx.addIssue({
        code: "custom",
        path: ["meetingOn"],
        message: "The meeting must be on or after the end of the period it reviews",
      });
  });
export type CreateReviewInput = z.output<typeof createReviewSchema>;

export const updateReviewSchema = z.object({
  reviewId: z.uuid({ error: "Unknown review" }),
  agenda: text("Agenda", 20000),
  attendees: text("Attendees", 5000),
  minutes: text("Minutes", 50000),
  decisions: text("Decisions", 20000),
});
export type UpdateReviewInput = z.output<typeof updateReviewSchema>;

export const addActionSchema = z.object({
  reviewId: z.uuid({ error: "Unknown review" }),
  title: z
    .string({ error: "Action is required" })
    .trim()
    .min(1, "Action is required")
    .max(300, "Action must be at most 300 characters"),
  ownerMembershipId: z.uuid({ error: "Choose an owner from the list" }),
  dueOn: day("Due date"),
});
export type AddActionInput = z.output<typeof addActionSchema>;

export const updateActionSchema = z.object({
  actionId: z.uuid({ error: "Unknown action" }),
  status: z.enum(REVIEW_ACTION_STATUSES, { error: "Status must be open, in progress or done" }),
});
export type UpdateActionInput = z.output<typeof updateActionSchema>;

export const reviewIdSchema = z.object({ reviewId: z.uuid({ error: "Unknown review" }) });

export const assignAccountManagerSchema = z.object({
  customerId: z.uuid({ error: "Choose a customer from the list" }),
  membershipId: z
    .union([z.literal(""), z.uuid({ error: "Choose an account manager from the list" })])
    .transform((v) => v || null),
});
export type AssignAccountManagerInput = z.output<typeof assignAccountManagerSchema>;

/** Attendees are typed one per line; the pack and the PDF list them. */
export function attendeeList(attendees: string) {
  return attendees
    .split("\n")
    .map((a) => a.trim())
    .filter(Boolean);
}
