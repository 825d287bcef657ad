import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";
import { ticketCounts } from "./ticket-counts.server";

type HomeCard = { title: string; body: string; link?: { label: string; to: string } };

/** The home page per role: what is there, and what to do next when nothing is. */
export async function loadHome(db: Db, member: Member) {
  const tenantId = member.ctx.tenantId;
  const counts = await withTenant(db, member.ctx, async (trx) => {
    const row = await trx
      .selectFrom("tenants")
      .select((eb) => [
        eb
          .selectFrom("customers")
          .select(eb.fn.countAll<number>().as("n"))
          .where("customers.tenant_id", "=", tenantId)
          .where("customers.active", "=", true)
          .as("customers"),
        eb
          .selectFrom("memberships")
          .select(eb.fn.countAll<number>().as("n"))
          .where("memberships.tenant_id", "=", tenantId)
          .where("memberships.active", "=", true)
          .as("members"),
        eb
          .selectFrom("invitations")
          .select(eb.fn.countAll<number>().as("n"))
          .where("invitations.tenant_id", "=", tenantId)
          .where("invitations.accepted_at", "is", null)
          .where("invitations.revoked_at", "is", null)
          .where("invitations.expires_at", ">", new Date())
          .as("pending"),
      ])
      .where("id", "=", tenantId)
      .executeTakeFirstOrThrow();
    return {
      customers: Number(row.customers ?? 0),
      members: Number(row.members ?? 0),
      pending: Number(row.pending ?? 0),
    };
  });

  const tickets = await ticketCounts(db, member);
  const cards: HomeCard[] = [];
  let intro: string;
  switch (member.role) {
    case "tenant_admin":
      intro = `You administer ${member.tenant.name}.`;
      cards.push({
        title: "Tickets",
        body: `${plural(tickets.open, "open ticket")}: ${tickets.atRisk} at risk, ${tickets.breached} breached, ${tickets.unassigned} unassigned.`,
        link: { label: "Open the queue", to: "queue" },
      });
      cards.push(
        counts.customers === 0
          ? {
              title: "Customers",
              body: "No customers yet. Add the organisations you provide services to.",
              link: { label: "Add a customer", to: "customers" },
            }
          : {
              title: "Customers",
              body: `${counts.customers} active customer organisation${counts.customers === 1 ? "" : "s"}.`,
              link: { label: "Manage customers", to: "customers" },
            },
        {
          title: "People",
          body: `${counts.members} active member${counts.members === 1 ? "" : "s"}${counts.pending ? `, ${counts.pending} invitation${counts.pending === 1 ? "" : "s"} pending` : ""}. Invite agents, account managers, finance and customer users.`,
          link: { label: "Manage users", to: "users" },
        },
        {
          title: "Branding",
          body: "Your name, colour and logo appear on every page and on the sign-in page.",
          link: { label: "Edit branding", to: "settings" },
        },
        {
          title: "Audit log",
          body: "Every change in this workspace is recorded for your ISO/IEC 20000 audits.",
          link: { label: "Open the audit log", to: "audit" },
        },
      );
      break;
    case "agent":
      intro = "Your tickets, most urgent first, are in the queue.";
      cards.push(...staffTicketCards(tickets));
      cards.push({
        title: "Customers",
        body: `You support ${counts.customers} customer organisation${counts.customers === 1 ? "" : "s"}.`,
        link: { label: "See customers", to: "customers" },
      });
      break;
    case "account_manager":
      intro = "Your customer portfolio and service reviews start here.";
      cards.push({
        title: "Portfolio",
        body: `${counts.customers} customer organisation${counts.customers === 1 ? "" : "s"} in this workspace.`,
        link: { label: "See customers", to: "customers" },
      });
      break;
    case "finance": {
      intro =
        "Service credits owed for missed SLAs: computed each month, approved by a second person in finance, issued through Stripe.";
      const credits = await creditCounts(db, member);
      cards.push(
        {
          title: "Service credits",
          body: [
            `${plural(credits.toApprove, "credit")} awaiting approval`,
            `${credits.toIssue} approved, not yet issued`,
            credits.flagged ? `${credits.flagged} with changed inputs to review` : null,
            credits.failed ? `${credits.failed} failed in Stripe` : null,
          ]
            .filter(Boolean)
            .join(", ")
            .concat(". Run a month, approve colleagues' lines, issue them to Stripe."),
          link: { label: "Open the credit ledger", to: "credits" },
        },
        {
          title: "Customers",
          body: `${counts.customers} customer organisation${counts.customers === 1 ? "" : "s"} with contracts to bill.`,
          link: { label: "See customers", to: "customers" },
        },
        {
          title: "Audit log",
          body: "Every change, for your records.",
          link: { label: "Open the audit log", to: "audit" },
        },
      );
      break;
    }
    case "customer":
      intro = `You are signed in for ${member.customerName ?? "your organisation"}.`;
      cards.push(
        {
          title: "Your open tickets",
          body:
            tickets.open === 0
              ? "Nothing open right now."
              : `${plural(tickets.open, "open ticket")}${tickets.breached ? `, ${tickets.breached} past an SLA target` : ""}. Each shows when a response and a resolution are due.`,
          link: { label: "See your tickets", to: "tickets?status=open" },
        },
        {
          title: "Raise a ticket",
          body: `Report an incident or request something from ${member.tenant.name}; the service level of your contract applies.`,
          link: { label: "Raise a ticket", to: "tickets/new" },
        },
      );
      break;
  }
  const first = (member.user.name || member.user.email).split(/[\s@]/)[0] ?? "";
  return { tenantSlug: member.tenant.slug, firstName: first, intro, cards };
}

/** Finance's work waiting in the credit ledger. */
async function creditCounts(db: Db, member: Member) {
  const rows = await withTenant(db, member.ctx, (trx) =>
    trx
      .selectFrom("service_credits")
      .select((eb) => [
        "state",
        eb.fn.countAll<string>().as("n"),
        eb.fn.count<string>("inputs_changed_at").as("flagged"),
      ])
      .where("tenant_id", "=", member.ctx.tenantId)
      .groupBy("state")
      .execute(),
  );
  const of = (...states: string[]) =>
    rows.filter((r) => states.includes(r.state)).reduce((n, r) => n + Number(r.n), 0);
  return {
    toApprove: of("computed", "adjusted"),
    toIssue: of("approved"),
    failed: of("failed"),
    flagged: rows.reduce((n, r) => n + Number(r.flagged), 0),
  };
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The service desk's cards: what is theirs, what is at risk or breached, what nobody has taken. */
function staffTicketCards(t: Awaited<ReturnType<typeof ticketCounts>>): HomeCard[] {
  return [
    {
      title: "Your queue",
      body: `${plural(t.mine, "open ticket")} assigned to you: ${t.mineAtRisk} at risk, ${t.mineBreached} breached.`,
      link: { label: "Open your queue", to: "queue?assignee=me" },
    },
    {
      title: "At risk",
      body: `${plural(t.atRisk, "open ticket")} past the SLA warning threshold.`,
      link: { label: "See tickets at risk", to: "queue?atRisk=1" },
    },
    {
      title: "Breached",
      body: `${plural(t.breached, "open ticket")} past an SLA target.`,
      link: { label: "See breached tickets", to: "queue?breached=1" },
    },
    {
      title: "Unassigned",
      body: `${plural(t.unassigned, "open ticket")} nobody has taken yet.`,
      link: { label: "See unassigned tickets", to: "queue?assignee=none" },
    },
  ];
}
