import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Button, SelectField, TextField } from "~/components/forms";
import { Card, EmptyState, PageHeader } from "~/components/page";
import { CustomerTicketList, type ListItem } from "~/components/tickets/ticket-list";
import { requireMembership } from "~/modules/auth/require.server";
import { TICKET_STATUS_LABELS, TICKET_STATUSES } from "~/modules/tickets/constants";
import { listCustomerTickets } from "~/modules/tickets/list-customer-tickets.server";
import { customerListFilterSchema } from "~/modules/tickets/schemas";

export const meta: MetaFunction = () => [{ title: "Tickets · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tickets.read");
  const url = new URL(request.url);
  // The service desk works from the queue; this page is the customer's own list.
  if (member.role !== "customer") return { staff: true as const, slug: member.tenant.slug };
  const filter = customerListFilterSchema.parse(Object.fromEntries(url.searchParams));
  const page = await listCustomerTickets(context.db, member, filter);
  return {
    staff: false as const,
    slug: member.tenant.slug,
    customerName: member.customerName,
    filter: { status: filter.status, q: filter.q ?? "" },
    paged: Boolean(filter.cursor),
    items: page.items,
    nextCursor: page.nextCursor,
    now: new Date().toISOString(),
  };
}

export default function Tickets() {
  const data = useLoaderData<typeof loader>();
  if (data.staff) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title="Tickets" description="This page lists a customer user's own tickets." />
        <Card>
          <p className="text-sm">
            The service desk works every customer&apos;s tickets from the{" "}
            <Link to={`/t/${data.slug}/queue`}>queue</Link>.
          </p>
        </Card>
      </div>
    );
  }
  return <CustomerTickets data={data} />;
}

function CustomerTickets({
  data,
}: {
  data: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { staff: false }>;
}) {
  const [searchParams] = useSearchParams();
  const base = `/t/${data.slug}`;
  const more = useFetcher<typeof loader>();
  // Pages fetched with "Load more", appended below the first one; a new search starts over.
  const [extra, setExtra] = useState<{ items: ListItem[]; nextCursor: string | null }>({
    items: [],
    nextCursor: null,
  });
  useEffect(() => setExtra({ items: [], nextCursor: null }), [data]);
  useEffect(() => {
    const page = more.data;
    if (page && !page.staff)
      setExtra((prev) => ({ items: [...prev.items, ...page.items], nextCursor: page.nextCursor }));
  }, [more.data]);
  const items = [...data.items, ...extra.items];
  const nextCursor = extra.items.length ? extra.nextCursor : data.nextCursor;
  const nextParams = new URLSearchParams(searchParams);
  if (nextCursor) nextParams.set("cursor", nextCursor);
  const filtered = data.filter.status !== "all" || data.filter.q !== "";

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Tickets"
        description={`Incidents and requests raised by ${data.customerName ?? "your organisation"}, newest first.`}
        actions={
          <Link
            to={`${base}/tickets/new`}
            className="inline-flex items-center rounded-md bg-[var(--accent)] px-3 py-2 text-sm font-medium text-white no-underline shadow-sm hover:brightness-110 hover:no-underline"
          >
            Raise a ticket
          </Link>
        }
      />
      <Form
        method="get"
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
        role="search"
        aria-label="Filter tickets"
      >
        <div className="sm:w-48">
          <SelectField label="Status" name="status" defaultValue={data.filter.status}>
            <option value="all">Any status</option>
            <option value="open">Open (not resolved)</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {TICKET_STATUS_LABELS[s]}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="flex-1">
          <TextField
            label="Search"
            name="q"
            type="search"
            defaultValue={data.filter.q}
            placeholder="Subject, description or a number like INC-000042"
          />
        </div>
        <Button variant="secondary">Show tickets</Button>
      </Form>
      {data.paged ? (
        <p className="text-sm">
          Showing older tickets. <Link to={`${base}/tickets`}>Back to the newest</Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title={filtered ? "No tickets match" : "No tickets yet"}>
          {filtered ? (
            <Link to={`${base}/tickets`}>Show all tickets</Link>
          ) : (
            <>
              When something is wrong or you need something,{" "}
              <Link to={`${base}/tickets/new`}>raise a ticket</Link>.
            </>
          )}
        </EmptyState>
      ) : (
        <CustomerTicketList items={items} base={base} now={data.now} />
      )}
      {nextCursor ? (
        <p>
          <Link
            to={`?${nextParams}`}
            onClick={(event) => {
              event.preventDefault();
              more.load(`${base}/tickets?index&${nextParams}`);
            }}
            className="inline-flex rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 no-underline shadow-sm hover:bg-slate-50 hover:no-underline"
            aria-disabled={more.state !== "idle"}
          >
            {more.state === "loading" ? "Loading…" : "Load more"}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
