import { Notice } from "~/components/forms";
import { DataTable, Td } from "~/components/page";
import { formatMoney } from "~/modules/contracts/currencies";
import type { CreditRunSummary } from "~/modules/credits/run-summary";

/** Totals per currency: what is owed (all but rejected lines) and how much has reached Stripe. */
export function CreditTotals({
  totals,
}: {
  totals: Array<{
    currency: string;
    lines: number;
    owed: number;
    issued: number;
    rejected: number;
  }>;
}) {
  return (
    <DataTable
      caption="Totals per currency"
      headers={["Currency", "Lines", "Owed", "Issued to Stripe", "Rejected"]}
    >
      {totals.map((t) => (
        <tr key={t.currency}>
          <Td className="font-medium">{t.currency}</Td>
          <Td>{t.lines}</Td>
          <Td className="whitespace-nowrap">{formatMoney(t.owed, t.currency)}</Td>
          <Td className="whitespace-nowrap">{formatMoney(t.issued, t.currency)}</Td>
          <Td className="whitespace-nowrap">{formatMoney(t.rejected, t.currency)}</Td>
        </tr>
      ))}
    </DataTable>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a run did, in words. */
export function RunSummaryNotice({ summary }: { summary: CreditRunSummary }) {
  const parts = [
    `${plural(summary.created, "new credit")}`,
    summary.recomputed ? `${plural(summary.recomputed, "credit")} recomputed` : null,
    summary.flagged
      ? `${plural(summary.flagged, "credit")} flagged because its inputs changed`
      : null,
    summary.unchanged ? `${summary.unchanged} unchanged` : null,
    summary.nothingOwed
      ? `${plural(summary.nothingOwed, "contract")} with outages or breaches but nothing owed`
      : null,
    summary.clean ? `${plural(summary.clean, "contract")} with no outage or breach` : null,
  ].filter(Boolean);
  return (
    <Notice>
      Credits for {summary.label}: checked {plural(summary.contractsChecked, "contract")} —{" "}
      {parts.join(", ")}.
    </Notice>
  );
}
