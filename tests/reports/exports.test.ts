import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { buildSlaReport } from "../../app/modules/reports/build-sla-report.server";
import {
  formatAvailability,
  formatDuration,
  formatPercent,
  formatRating,
  minutesNumber,
} from "../../app/modules/reports/format";
import { monthPeriod } from "../../app/modules/reports/period";
import { testDb } from "../support/db";
import { createTestTenant, TEST_PASSWORD, type TestTenant } from "../support/factories";
import { signedIn, type TestBrowser } from "../support/http";
import { reviewMemberFor } from "../support/reports";
import { pdfText } from "./pdf-text";
import { marchScenario } from "./scenario";

let db: Db;
let t: TestTenant;
let admin: TestBrowser;
let tickets: Awaited<ReturnType<typeof marchScenario>>;
const MARCH = "period=month&month=2026-03";

beforeAll(async () => {
  db = await testDb();
  t = await createTestTenant(db);
  tickets = await marchScenario(db, t);
  admin = await signedIn(t.people.admin.email, TEST_PASSWORD);
});

/** A key figure as the page shows it: the value under its label. */
function stat(html: string, label: string) {
  const match = new RegExp(`${label}</dt><dd[^>]*>([^<]+)</dd>`).exec(html);
  if (!match) throw new Error(`no figure "${label}" on the page`);
  return match[1]!.replace(/&nbsp;|\u00a0/g, " ");
}

type Row = Record<string, string>;
const csv = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Row[];

describe("the report page, its CSVs and its PDF agree", () => {
  it("shows the figures on the page", async () => {
    const page = await admin.get(`/t/${t.slug}/reports?${MARCH}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("SLA report · March 2026");
    expect(stat(html, "Tickets opened")).toBe("5");
    expect(html).toContain(`/t/${t.slug}/tickets/${tickets.c.number}`); // a breach links to its ticket
    expect(html).toContain("<title"); // the charts carry an accessible name
  });

  it("puts the same figures in the summary CSV", async () => {
    const html = await (await admin.get(`/t/${t.slug}/reports?${MARCH}`)).text();
    const response = await admin.get(`/t/${t.slug}/reports/summary.csv?${MARCH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const rows = csv(await response.text());
    const all = rows.find((r) => r.Scope === "All")!;
    expect(all.Opened).toBe(stat(html, "Tickets opened"));
    expect(all.Resolved).toBe(stat(html, "Tickets resolved"));
    expect(all["Backlog at end"]).toBe(stat(html, "Backlog at period end"));
    expect(`${all["First response attainment %"]} %`).toBe(stat(html, "First response attainment"));
    expect(`${all["Resolution attainment %"]} %`).toBe(stat(html, "Resolution attainment"));
    expect(formatDuration(Number(all["MTTR business (min)"]))).toBe(
      stat(html, "MTTR \\(business\\)"),
    );
    expect(
      rows.filter((r) => r.Scope === "Priority").reduce((a, r) => a + Number(r.Opened), 0),
    ).toBe(Number(all.Opened));
    expect(rows.filter((r) => r.Scope === "Availability")).toHaveLength(2);
  });

  // Known failure after the last report-query change (issue 6 left open): fix before closing.
  it("lists every counted ticket in the ticket CSV, adding up to the summary", async () => {
    const report = await buildSlaReport(db, reviewMemberFor(t, t.people.admin), {
      period: monthPeriod("2026-03"),
      customerId: null,
      serviceId: null,
      priority: null,
    });
    const response = await admin.get(`/t/${t.slug}/reports/tickets.csv?${MARCH}`);
    expect(response.status).toBe(200);
    const rows = csv(await response.text());
    const count = (pick: (r: Row) => boolean) => rows.filter(pick).length;
    expect(count((r) => r["Opened in period"] === "yes")).toBe(report.totals.opened);
    expect(count((r) => r["Resolved in period"] === "yes")).toBe(report.totals.resolved);
    expect(count((r) => r["Open at period end"] === "yes")).toBe(report.backlogAtEnd);
    expect(count((r) => r["First response due in period"] === "met")).toBe(
      report.totals.response.met,
    );
    expect(count((r) => r["First response due in period"] === "breached")).toBe(
      report.totals.response.breached,
    );
    expect(count((r) => r["Resolution due in period"] === "met")).toBe(
      report.totals.resolution.met,
    );
    expect(count((r) => r["Resolution due in period"] === "breached")).toBe(
      report.totals.resolution.breached,
    );
    expect(count((r) => r["Rated in period"] === "yes")).toBe(report.totals.satisfaction.responses);
    const resolved = rows.filter((r) => r["Resolved in period"] === "yes");
    const mean =
      resolved.reduce((a, r) => a + Number(r["Time to resolve business (min)"]), 0) /
      resolved.length;
    expect(mean).toBeCloseTo(report.totals.mttr.businessMinutes!, 0);
    expect(rows.map((r) => r.Ticket)).toEqual(
      expect.arrayContaining([tickets.a.number, tickets.c.number, tickets.d.number]),
    );
    expect(minutesNumber(report.totals.mttr.wallMinutes)).not.toBe("");
  });

  it("prints the same report, branded, in the PDF", async () => {
    const report = await buildSlaReport(db, reviewMemberFor(t, t.people.admin), {
      period: monthPeriod("2026-03"),
      customerId: null,
      serviceId: null,
      priority: null,
    });
    const response = await admin.get(`/t/${t.slug}/reports/report.pdf?${MARCH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const { text } = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("SLA report · March 2026");
    expect(text).toContain(t.name);
    expect(text).toMatch(new RegExp(`Tickets opened ${report.totals.opened}\\b`));
    expect(text).toMatch(new RegExp(`Tickets resolved ${report.totals.resolved}\\b`));
    expect(text).toContain(
      `First response attainment (${report.totals.response.met} of ${report.totals.response.due} due) ${formatPercent(report.totals.response.attainment)}`,
    );
    expect(text).toContain(
      `Resolution attainment (${report.totals.resolution.met} of ${report.totals.resolution.due} due) ${formatPercent(report.totals.resolution.attainment)}`,
    );
    expect(text).toContain(formatRating(report.totals.satisfaction.average));
    expect(text).toContain(`Breaches (${report.breaches.total})`);
    expect(text).toContain(tickets.c.number);
    expect(text).toContain("Mar 26"); // the trend charts' axis and table
    expect(text).toContain(formatAvailability(report.availability[0]!.percent));
  });
});

describe("who may read which report", () => {
  // Known failure after the last report-query change (issue 6 left open): fix before closing.
  it("shows a customer user their own organisation only", async () => {
    const customer = await signedIn(t.people.customer.email, TEST_PASSWORD);
    const own = await customer.get(`/t/${t.slug}/reports?${MARCH}`);
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain(tickets.c.number);
    expect(html).not.toContain(tickets.e.number);
    expect(html).not.toContain("Customer Two");
    const rows = csv(
      await (await customer.get(`/t/${t.slug}/reports/tickets.csv?${MARCH}`)).text(),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.Customer === "Customer One")).toBe(true);
  });

  it("answers 404 when a customer user asks for another customer's report, page, CSV or PDF", async () => {
    const customer = await signedIn(t.people.customer.email, TEST_PASSWORD);
    const other = `customer=${t.customers[1]!.id}&${MARCH}`;
    for (const path of [
      "reports",
      "reports/summary.csv",
      "reports/tickets.csv",
      "reports/report.pdf",
    ]) {
      const response = await customer.get(`/t/${t.slug}/${path}?${other}`);
      expect(response.status, path).toBe(404);
    }
  });

  it("refuses at the module too: a customer member cannot build another customer's report", async () => {
    await expect(
      buildSlaReport(db, reviewMemberFor(t, t.people.customer), {
        period: monthPeriod("2026-03"),
        customerId: t.customers[1]!.id,
        serviceId: null,
        priority: null,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets every staff role read reports", async () => {
    for (const person of [t.people.agent, t.people.finance, t.people.accountManager]) {
      const browser = await signedIn(person.email, TEST_PASSWORD);
      expect((await browser.get(`/t/${t.slug}/reports?${MARCH}`)).status, person.role).toBe(200);
    }
  });
});

describe("bad filters", () => {
  it("answers 422 with the field and the rule", async () => {
    const cases: Array<[string, string]> = [
      ["period=custom&from=2026-03-10", "To is required for a custom range."],
      ["period=custom&from=2026-03-10&to=2026-03-01", "To must be on or after From."],
      ["period=custom&from=2025-01-01&to=2026-06-01", "A custom range can be at most 366 days."],
      ["period=month&month=2026-13", "Month must look like 2026-03"],
      ["period=month&month=2026-03&priority=9", "Priority must be P1 to P4."],
      ["period=month&month=2026-03&customer=not-a-uuid", "Choose a customer from the list."],
      [
        `period=month&month=2026-03&customer=${crypto.randomUUID()}`,
        "Choose a customer from the list.",
      ],
      [
        `period=month&month=2026-03&service=${crypto.randomUUID()}`,
        "Choose a service from the list.",
      ],
    ];
    for (const [query, message] of cases) {
      const page = await admin.get(`/t/${t.slug}/reports?${query}`);
      expect(page.status, query).toBe(422);
      expect(await page.text(), query).toContain(message);
      const download = await admin.get(`/t/${t.slug}/reports/summary.csv?${query}`);
      expect(download.status, query).toBe(422);
    }
  });
});
