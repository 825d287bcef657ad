/** The SLA report as one plain, JSON-serialisable object: the page, the CSVs and the PDF all render this. */

export type ClockFigures = {
  met: number;
  breached: number;
  due: number;
  attainment: number | null;
};
export type MeanFigures = {
  count: number;
  wallMinutes: number | null;
  businessMinutes: number | null;
};

export type Figures = {
  opened: number;
  resolved: number;
  response: ClockFigures;
  resolution: ClockFigures;
  mtta: MeanFigures;
  mttr: MeanFigures;
  satisfaction: {
    responses: number;
    average: number | null;
    distribution: [number, number, number, number, number];
  };
};

export type Named = { id: string; name: string };

export type BreachRow = {
  number: string;
  subject: string;
  priority: number;
  customer: string;
  service: string;
  clock: "response" | "resolution";
  breachedAt: string;
  status: string;
};

export type AvailabilityRow = {
  contractId: string;
  customer: Named;
  service: Named;
  policy: string;
  targetPercent: number;
  percent: number;
  met: boolean;
  measuredFrom: string;
  measuredTo: string;
  measuredMinutes: number;
  excludedMinutes: number;
  outageMinutes: number;
  outages: Array<{ number: string; start: string; end: string | null }>;
  maintenance: Array<{ start: string; end: string }>;
};

export type TrendPoint = {
  month: string;
  label: string;
  opened: number;
  resolved: number;
  responseAttainment: number | null;
  resolutionAttainment: number | null;
  mttrWallMinutes: number | null;
  mttrBusinessMinutes: number | null;
};

export type SlaReport = {
  generatedAt: string;
  /** the end of the period, or now for a period still running */
  asOf: string;
  tenant: { slug: string; name: string; accentColor: string };
  period: {
    kind: "month" | "quarter" | "custom";
    label: string;
    firstDay: string;
    lastDay: string;
    from: string;
    to: string;
  };
  filters: { customer: Named | null; service: Named | null; priority: number | null };
  /** the report covers one customer organisation only (a customer user's own) */
  ownOrganisation: boolean;
  totals: Figures;
  backlogAtEnd: number;
  byPriority: Array<{ priority: number; figures: Figures }>;
  byService: Array<{ service: Named; figures: Figures }>;
  /** staff reports over every customer; null when the report is about one customer */
  byCustomer: Array<{ customer: Named; figures: Figures }> | null;
  breaches: { total: number; limit: number; shown: BreachRow[] };
  availability: AvailabilityRow[];
  trend: TrendPoint[];
};
