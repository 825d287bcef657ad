import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { EmptyState, PageHeader } from "~/components/page";
import { QueueFilters } from "~/components/tickets/queue-filters";
import { QueueList } from "~/components/tickets/ticket-list";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { listTicketQueue } from "~/modules/tickets/list-ticket-queue.server";
import { loadStaffOptions } from "~/modules/tickets/load-staff-options.server";
import { queueFilterSchema } from "~/modules/tickets/schemas";

export const meta: MetaFunction = () => [{ title: "Queue · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tickets.queue");
  const url = new URL(request.url);
  // Unknown or malformed values mean "no filter", never an error page.
  const filter = queueFilterSchema.parse(Object.fromEntries(url.searchParams));
  const page = await listTicketQueue(context.db, member, filter);
  const options = await loadStaffOptions(context.db, member);
  return {
    slug: member.tenant.slug,
    canRaise: can(member.role, "tickets.raise"),
    filter: {
      status: filter.status,
      priority: filter.priority ? String(filter.priority) : "",
      serviceId: filter.serviceId ?? "",
      customerId: filter.customerId ?? "",
      assignee: filter.assignee ?? "",
      groupId: filter.groupId ?? "",
      breached: filter.breached,
      atRisk: filter.atRisk,
      q: filter.q ?? "",
    },
    paged: Boolean(filter.cursor),
    options: {
      agents: options.agents.map((a) => ({ id: a.membershipId, name: a.name || a.email })),
      groups: options.groups.map((g) => ({ id: g.id, name: g.name })),
      services: options.services.map((s) => ({ id: s.id, name: s.name })),
      customers: options.customers.map((c) => ({ id: c.id, name: c.name })),
    },
    items: page.items,
    nextCursor: page.nextCursor,
    now: new Date().toISOString(),
  };
}

export default function Queue() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const current = new URLSearchParams(searchParams);
  current.delete("cursor");
  const base = `/t/${data.slug}`;
  const next = new URLSearchParams(
    Object.entries(data.filter).flatMap(([k, v]) =>
      v === "" || v === false ? [] : [[k, v === true ? "1" : String(v)]],
    ),
  );
  const first = new URLSearchParams(next);
  if (data.nextCursor) next.set("cursor", data.nextCursor);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Queue"
        description="Tickets ordered by when their resolution is due, most urgent first. Paused and met clocks come last."
        actions={
          data.canRaise ? (
            <Link
              to={`${base}/tickets/new`}
              className="inline-flex items-center rounded-md bg-[var(--accent)] px-3 py-2 text-sm font-medium text-white no-underline shadow-sm hover:brightness-110 hover:no-underline"
            >
              Raise a ticket for a customer
            </Link>
          ) : null
        }
      />
      <QueueFilters filter={data.filter} options={data.options} current={current.toString()} />
      {data.items.length === 0 ? (
        <EmptyState title={data.paged ? "No more tickets" : "Nothing in this queue"}>
          {data.paged ? (
            <Link to={`?${first}`}>Back to the first page</Link>
          ) : (
            "No ticket matches these filters. Try “Any status” or clear the filters."
          )}
        </EmptyState>
      ) : (
        <QueueList items={data.items} base={base} now={data.now} />
      )}
      <nav aria-label="Queue pages" className="flex gap-3">
        {data.paged ? (
          <Link
            to={`?${first}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium no-underline hover:bg-slate-50 hover:no-underline"
          >
            First page
          </Link>
        ) : null}
        {data.nextCursor ? (
          <Link
            to={`?${next}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium no-underline hover:bg-slate-50 hover:no-underline"
          >
            Next page
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
