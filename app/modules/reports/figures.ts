import type { ClockFigures, Figures, MeanFigures } from "./report-types";

/** Per-(customer, service, priority) sums, as the aggregate and the rollups hold them. */
export type Sums = {
  opened: number;
  resolved: number;
  responseMet: number;
  responseBreached: number;
  resolutionMet: number;
  resolutionBreached: number;
  answered: number;
  answerWallMinutes: number;
  answerBusinessMinutes: number;
  resolveWallMinutes: number;
  resolveBusinessMinutes: number;
  ratings: [number, number, number, number, number];
};

export function emptySums(): Sums {
  return {
    opened: 0,
    resolved: 0,
    responseMet: 0,
    responseBreached: 0,
    resolutionMet: 0,
    resolutionBreached: 0,
    answered: 0,
    answerWallMinutes: 0,
    answerBusinessMinutes: 0,
    resolveWallMinutes: 0,
    resolveBusinessMinutes: 0,
    ratings: [0, 0, 0, 0, 0],
  };
}

export function addSums(into: Sums, row: Sums) {
  into.opened += row.opened;
  into.resolved += row.resolved;
  into.responseMet += row.responseMet;
  into.responseBreached += row.responseBreached;
  into.resolutionMet += row.resolutionMet;
  into.resolutionBreached += row.resolutionBreached;
  into.answered += row.answered;
  into.answerWallMinutes += row.answerWallMinutes;
  into.answerBusinessMinutes += row.answerBusinessMinutes;
  into.resolveWallMinutes += row.resolveWallMinutes;
  into.resolveBusinessMinutes += row.resolveBusinessMinutes;
  for (let i = 0; i < 5; i++) into.ratings[i]! += row.ratings[i]!;
  return into;
}

export function sumAll(rows: Sums[]) {
  return rows.reduce((acc, r) => addSums(acc, r), emptySums());
}

function clock(met: number, breached: number): ClockFigures {
  const due = met + breached;
  return { met, breached, due, attainment: due ? (100 * met) / due : null };
}

function mean(count: number, wall: number, business: number): MeanFigures {
  return {
    count,
    wallMinutes: count ? wall / count : null,
    businessMinutes: count ? business / count : null,
  };
}

export function figuresOf(s: Sums): Figures {
  const responses = s.ratings.reduce((a, b) => a + b, 0);
  const ratingTotal = s.ratings.reduce((a, n, i) => a + n * (i + 1), 0);
  return {
    opened: s.opened,
    resolved: s.resolved,
    response: clock(s.responseMet, s.responseBreached),
    resolution: clock(s.resolutionMet, s.resolutionBreached),
    mtta: mean(s.answered, s.answerWallMinutes, s.answerBusinessMinutes),
    mttr: mean(s.resolved, s.resolveWallMinutes, s.resolveBusinessMinutes),
    satisfaction: {
      responses,
      average: responses ? ratingTotal / responses : null,
      distribution: [...s.ratings],
    },
  };
}

/** Groups rows by a key and sums each group. */
export function sumBy<R extends Sums>(rows: R[], key: (r: R) => string) {
  const groups = new Map<string, Sums>();
  for (const r of rows) {
    const k = key(r);
    groups.set(k, addSums(groups.get(k) ?? emptySums(), r));
  }
  return groups;
}
