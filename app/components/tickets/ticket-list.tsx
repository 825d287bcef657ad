import { Link } from "@remix-run/react";
import type { TicketListItem } from "~/modules/tickets/ticket-list.server";
import { TICKET_KIND_LABELS } from "~/modules/tickets/constants";
import { DueLines, PriorityBadge, SlaFlags, StatusBadge } from "./ticket-badges";
import { zoneName } from "./sla-words";

export type ListItem = TicketListItem;

/** One time zone for a caption when every row shares it; otherwise each row names its zone. */
export function sharedZone(items: Array<{ timeZone: string }>) {
  const zones = new Set(items.map((i) => i.timeZone));
  return zones.size === 1 ? [...zones][0]! : null;
}

export function ZoneCaption({ timeZone, now }: { timeZone: string | null; now: string }) {
  return (
    <p className="text-xs text-slate-500">
      {timeZone
        ? `Times are in ${timeZone === "UTC" ? "UTC" : `${timeZone} time (${zoneName(timeZone, now)})`}, the time zone of the SLA calendar.`
        : "Times are in each ticket's SLA calendar time zone."}
    </p>
  );
}

/**
 * A customer's tickets: a table on wide screens, cards on phones. Each row says both SLA clocks
 * in words.
 */
export function CustomerTicketList({
  items,
  base,
  now,
}: {
  items: ListItem[];
  base: string;
  now: string;
}) {
  const shared = sharedZone(items);
  const words = (item: ListItem) => ({ now, timeZone: item.timeZone, withZone: shared === null });
  return (
    <div className="flex flex-col gap-2">
      <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Your organisation&apos;s tickets</caption>
          <thead className="bg-slate-50">
            <tr>
              {["Ticket", "Status", "Priority", "Service level"].map((h) => (
                <th
                  key={h}
                  scope="col"
                  className="px-4 py-2 text-left font-semibold text-slate-700"
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((item) => (
              <tr key={item.id}>
                <td className="px-4 py-3 align-top">
                  <Link to={`${base}/tickets/${item.number}`} className="font-medium">
                    {item.number}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">
                    {TICKET_KIND_LABELS[item.kind]}
                  </span>
                  <p className="mt-0.5 max-w-md text-slate-900">{item.subject}</p>
                  <p className="text-xs text-slate-500">{item.serviceName}</p>
                </td>
                <td className="px-4 py-3 align-top">
                  <StatusBadge status={item.status} />
                </td>
                <td className="px-4 py-3 align-top">
                  <PriorityBadge priority={item.priority} />
                </td>
                <td className="px-4 py-3 align-top">
                  <DueLines ticket={item} words={words(item)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="flex flex-col gap-2 md:hidden" aria-label="Your organisation's tickets">
        {items.map((item) => (
          <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <div className="flex items-start justify-between gap-2">
              <Link to={`${base}/tickets/${item.number}`} className="font-medium">
                {item.number}
              </Link>
              <StatusBadge status={item.status} />
            </div>
            <p className="mt-1 text-sm text-slate-900">{item.subject}</p>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <PriorityBadge priority={item.priority} /> {item.serviceName}
            </p>
            <DueLines ticket={item} words={words(item)} className="mt-2" />
          </li>
        ))}
      </ul>
      <ZoneCaption timeZone={shared} now={now} />
    </div>
  );
}

/** The agent queue: wide table (scrolls sideways if it must) on laptops, cards on phones. */
export function QueueList({ items, base, now }: { items: ListItem[]; base: string; now: string }) {
  const shared = sharedZone(items);
  const words = (item: ListItem) => ({ now, timeZone: item.timeZone, withZone: shared === null });
  const paused = (item: ListItem) =>
    item.resolutionState === "paused" || item.responseState === "paused";
  return (
    <div className="flex flex-col gap-2">
      <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Ticket queue, most urgent service level first</caption>
          <thead className="bg-slate-50">
            <tr>
              {["Ticket", "Priority and status", "Service level", "Assigned to"].map((h) => (
                <th
                  key={h}
                  scope="col"
                  className="whitespace-nowrap px-3 py-2 text-left font-semibold text-slate-700"
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((item) => (
              <tr key={item.id} className={item.breached ? "bg-red-50/40" : undefined}>
                <td className="px-3 py-2 align-top">
                  <Link
                    to={`${base}/tickets/${item.number}`}
                    className="whitespace-nowrap font-medium"
                  >
                    {item.number}
                  </Link>
                  <p className="mt-0.5 min-w-56 max-w-md text-slate-900">{item.subject}</p>
                  <p className="text-xs text-slate-500">
                    {item.customerName} · {item.serviceName}
                  </p>
                  <SlaFlags
                    breached={false}
                    atRisk={false}
                    paused={false}
                    majorIncident={item.majorIncident}
                  />
                </td>
                <td className="px-3 py-2 align-top">
                  <span className="flex flex-col items-start gap-1">
                    <PriorityBadge priority={item.priority} />
                    <StatusBadge status={item.status} />
                  </span>
                </td>
                <td className="px-3 py-2 align-top">
                  <SlaFlags
                    breached={item.breached}
                    atRisk={item.slaAtRisk}
                    paused={paused(item)}
                  />
                  <DueLines ticket={item} words={words(item)} className="mt-1 min-w-56" />
                </td>
                <td className="px-3 py-2 align-top">
                  {item.assigneeName ?? <span className="text-slate-500">Unassigned</span>}
                  {item.groupName ? (
                    <span className="block text-xs text-slate-500">{item.groupName}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="flex flex-col gap-2 md:hidden" aria-label="Ticket queue">
        {items.map((item) => (
          <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <div className="flex items-start justify-between gap-2">
              <Link to={`${base}/tickets/${item.number}`} className="font-medium">
                {item.number}
              </Link>
              <span className="flex flex-wrap justify-end gap-1">
                <PriorityBadge priority={item.priority} />
                <StatusBadge status={item.status} />
              </span>
            </div>
            <p className="mt-1 text-sm text-slate-900">{item.subject}</p>
            <p className="mt-0.5 text-xs text-slate-500">
              {item.customerName} · {item.serviceName} · {item.assigneeName ?? "Unassigned"}
              {item.groupName ? ` (${item.groupName})` : ""}
            </p>
            <div className="mt-2">
              <SlaFlags
                breached={item.breached}
                atRisk={item.slaAtRisk}
                paused={paused(item)}
                majorIncident={item.majorIncident}
              />
            </div>
            <DueLines ticket={item} words={words(item)} className="mt-1" />
          </li>
        ))}
      </ul>
      <ZoneCaption timeZone={shared} now={now} />
    </div>
  );
}
