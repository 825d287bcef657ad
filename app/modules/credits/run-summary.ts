/** What one credit run did (stored on credit_runs.summary and shown to finance). */
export type CreditRunSummary = {
  runId: string;
  month: string;
  label: string;
  contractsChecked: number;
  created: number;
  recomputed: number;
  unchanged: number;
  flagged: number;
  /** contracts with outages or breaches whose availability stayed above every tier and earned no per-breach credit */
  nothingOwed: number;
  /** contracts with no outage and no breach in the month */
  clean: number;
};
