import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { failureOf, Notice } from "~/components/forms";
import { CustomerActions } from "~/components/tickets/customer-actions";
import { ReplyBox } from "~/components/tickets/reply-box";
import { SlaPanel } from "~/components/tickets/sla-panel";
import { StaffPanel } from "~/components/tickets/staff-panel";
import { TicketDetails, TicketHeader } from "~/components/tickets/ticket-header";
import { Timeline } from "~/components/tickets/timeline";
import { can } from "~/modules/auth/permissions";
import { requireMembership } from "~/modules/auth/require.server";
import { explainSla } from "~/modules/tickets/explain-sla.server";
import { getTicket } from "~/modules/tickets/get-ticket.server";
import { loadStaffOptions } from "~/modules/tickets/load-staff-options.server";
import { readFormData } from "~/server/forms";
import {
  orTicketPage,
  ticketAction,
  type TicketActionResult,
} from "~/server/ticket-actions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.ticket.number} ${data.ticket.subject} · Covenant` : "Ticket · Covenant" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tickets.read");
  const number = params.number ?? "";
  const ticket = await orTicketPage(getTicket(context.db, member, number));
  const sla = await orTicketPage(explainSla(context.db, member, ticket.number));
  const works = can(member.role, "tickets.work");
  const options = works ? await loadStaffOptions(context.db, member) : null;
  return {
    slug: member.tenant.slug,
    isCustomer: member.role === "customer",
    ticket,
    sla,
    staff: options && {
      me: member.membershipId,
      agents: options.agents.map((a) => ({ id: a.membershipId, name: a.name || a.email })),
      groups: options.groups.map((g) => ({ id: g.id, name: g.name, memberIds: g.memberIds })),
      services: options.services.map((s) => ({ id: s.id, name: s.name })),
    },
    raised: new URL(request.url).searchParams.has("raised"),
    now: new Date().toISOString(),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "tickets.read");
  const formData = await readFormData(request);
  return ticketAction(context.db, member, params.number ?? "", formData);
}

export default function TicketPage() {
  const { slug, isCustomer, ticket, sla, staff, raised, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const success = result && "ok" in result && result.ok ? (result as TicketActionResult) : null;
  const outcome = { success, failure };
  const base = `/t/${slug}`;
  const words = { now, timeZone: ticket.timeZone };
  return (
    <div className="flex flex-col gap-6">
      <TicketHeader ticket={ticket} base={base} isCustomer={isCustomer} words={words} />
      {raised ? (
        <Notice>
          {ticket.number} is raised.{" "}
          {isCustomer
            ? "We have emailed you a copy; you can follow it here."
            : "The requester has been emailed."}
        </Notice>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <TicketDetails ticket={ticket} />
          <Timeline ticket={ticket} base={base} words={words} />
          {isCustomer ? <CustomerActions ticket={ticket} outcome={outcome} /> : null}
          {ticket.allowed.reply || ticket.allowed.note ? (
            <ReplyBox ticket={ticket} outcome={outcome} />
          ) : null}
        </div>
        <aside className="flex min-w-0 flex-col gap-6" aria-label="Service level and actions">
          <SlaPanel sla={sla} words={words} />
          {staff ? (
            <StaffPanel ticket={ticket} staff={staff} outcome={outcome} words={words} base={base} />
          ) : null}
        </aside>
      </div>
    </div>
  );
}
