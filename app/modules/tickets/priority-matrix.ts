/**
 * The per-tenant impact × urgency → priority matrix (ISO/IEC 20000-1 8.6.1: incidents are
 * prioritised by impact and urgency).
 */
import type { PriorityMatrix } from "../../../db/schema";
import { LEVELS, type Level, type TicketPriority } from "./constants";

export type { PriorityMatrix };

export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = {
  high: { high: 1, medium: 2, low: 3 },
  medium: { high: 2, medium: 3, low: 4 },
  low: { high: 3, medium: 4, low: 4 },
};

export function priorityFor(matrix: PriorityMatrix, impact: Level, urgency: Level): TicketPriority {
  const value = matrix[impact]?.[urgency];
  return (
    value === 1 || value === 2 || value === 3 || value === 4
      ? value
      : DEFAULT_PRIORITY_MATRIX[impact][urgency]
  ) as TicketPriority;
}

/** A stored or submitted matrix, checked cell by cell; unknown shapes fall back to the default cells. */
export function normaliseMatrix(raw: unknown): PriorityMatrix {
  const matrix = structuredClone(DEFAULT_PRIORITY_MATRIX);
  if (typeof raw !== "object" || raw === null) return matrix;
  for (const impact of LEVELS) {
    const row = (raw as Record<string, unknown>)[impact];
    if (typeof row !== "object" || row === null) continue;
    for (const urgency of LEVELS) {
      const value = Number((row as Record<string, unknown>)[urgency]);
      if ([1, 2, 3, 4].includes(value)) matrix[impact][urgency] = value;
    }
  }
  return matrix;
}
