import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, DataTable, EmptyState, PageHeader, Td } from "~/components/page";
import { requireMembership } from "~/modules/auth/require.server";
import { listOutbox } from "~/modules/email/list-outbox.server";
import { OUTBOX_STATUS_LABELS, type OutboxStatus } from "~/modules/email/outbox-status";

export const meta: MetaFunction = () => [{ title: "Outbox · Covenant" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireMembership(request, context, params.tenant, "outbox.read");
  const cursor = new URL(request.url).searchParams.get("after") ?? undefined;
  const page = await listOutbox(context.db, member, { cursor });
  return { ...page, tenantSlug: member.tenant.slug, smtpConfigured: Boolean(process.env.SMTP_URL) };
}

const TONES: Record<OutboxStatus, "slate" | "green" | "red" | "amber"> = {
  queued: "slate",
  sent: "green",
  retrying: "amber",
  failed: "red",
};

function when(iso: string | null) {
  return iso ? iso.replace("T", " ").slice(0, 16) : "—";
}

export default function Outbox() {
  const { items, nextCursor, tenantSlug, smtpConfigured } = useLoaderData<typeof loader>();
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Outbox"
        description={
          smtpConfigured
            ? "Every email this workspace sends: ticket updates to customers, assignments and SLA escalations to agents. Delivery is retried with backoff."
            : "Every email this workspace would send. No mail server is configured (SMTP_URL), so messages stay here to read."
        }
      />
      {items.length === 0 ? (
        <EmptyState title="No email yet">
          Emails appear here when tickets are raised, answered, assigned or escalated.
        </EmptyState>
      ) : (
        <DataTable
          caption="Emails, newest first"
          headers={["Queued (UTC)", "To", "Subject", "Ticket", "Status", "Attempts"]}
        >
          {items.map((m) => (
            <tr key={m.id}>
              <Td className="whitespace-nowrap">{when(m.createdAt)}</Td>
              <Td className="break-all">{m.toAddress}</Td>
              <Td>
                <details>
                  <summary className="cursor-pointer">{m.subject}</summary>
                  <pre className="mt-2 max-w-xl whitespace-pre-wrap text-xs text-slate-700">
                    {m.text}
                  </pre>
                </details>
              </Td>
              <Td>
                {m.ticketNumber ? (
                  <Link to={`/t/${tenantSlug}/tickets/${m.ticketNumber}`}>{m.ticketNumber}</Link>
                ) : (
                  "—"
                )}
              </Td>
              <Td>
                <Badge tone={TONES[m.status]}>{OUTBOX_STATUS_LABELS[m.status]}</Badge>
                {m.sentAt ? (
                  <span className="block text-xs text-slate-600">{when(m.sentAt)}</span>
                ) : null}
                {m.lastError ? (
                  <span className="block text-xs text-red-800">Last error: {m.lastError}</span>
                ) : null}
              </Td>
              <Td>{m.attempts}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextCursor ? (
        <p>
          <Link to={`?after=${encodeURIComponent(nextCursor)}`}>Older emails</Link>
        </p>
      ) : null}
    </div>
  );
}
