/**
 * What each figure means, in words, for the page and the PDF. These are the definitions the SQL in
 * report-sql.server.ts implements; change both together.
 */
export const REPORT_DEFINITIONS: Array<{ term: string; meaning: string }> = [
  {
    term: "Period",
    meaning:
      "Whole days in UTC, like contract dates and service credits. A period still running is reported up to now.",
  },
  { term: "Opened", meaning: "Tickets raised in the period." },
  {
    term: "Resolved",
    meaning:
      "Tickets whose final resolution falls in the period. A resolution that was later reopened does not count; the ticket counts when it is resolved for good.",
  },
  {
    term: "Backlog at period end",
    meaning: "Tickets raised before the end of the period and not finally resolved by then.",
  },
  {
    term: "Due in period",
    meaning:
      "An SLA clock is due in the period when its outcome fell due in it: a breached clock at the moment its target ran out; a met clock when it stopped — the first response when the ticket was first answered (the first public reply, or the resolution if that came first), the resolution at the final resolution (at closing, for policies that pause while resolved). Running and paused clocks are not yet due. Each clock counts in exactly one period.",
  },
  { term: "Attainment", meaning: "Clocks met ÷ clocks due in the period (met + breached)." },
  {
    term: "MTTA",
    meaning:
      "Mean time from raising to the first answer, over tickets first answered in the period, in elapsed time and in business time of each ticket's SLA calendar.",
  },
  {
    term: "MTTR",
    meaning:
      "Mean time from raising to the final resolution, over tickets resolved in the period, in elapsed and business time. Time waiting on the customer is included: it pauses the SLA clock, not the wait.",
  },
  {
    term: "Availability",
    meaning:
      "Per contract over its live days in the period: 100 × (time − maintenance − outage outside maintenance) ÷ (time − maintenance). Outages are this customer's incidents marked as outages of the contract's service; an outage still open counts until now. The target is that of the SLA policy version in force.",
  },
  { term: "Satisfaction", meaning: "Ratings (1–5) given in the period: their number and average." },
];
