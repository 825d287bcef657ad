import { withTenant, type Db } from "../../db.server";
import type { Member } from "../auth/require.server";

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

  const cards: HomeCard[] = [];
  let intro: string;
  switch (member.role) {
    case "tenant_admin":
      intro = `You administer ${member.tenant.name}.`;
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
      intro = "Your queue will appear here once service catalogue and tickets are set up.";
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
    case "finance":
      intro = "Service credits owed for missed SLAs will be reviewed and approved here.";
      cards.push(
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
    case "customer":
      intro = `You are signed in for ${member.customerName ?? "your organisation"}.`;
      cards.push({
        title: "Your services",
        body: `Raise incidents and requests with ${member.tenant.name}, and follow their SLA clocks, from here once your provider has published its service catalogue.`,
      });
      break;
  }
  const first = (member.user.name || member.user.email).split(/[\s@]/)[0] ?? "";
  return { tenantSlug: member.tenant.slug, firstName: first, intro, cards };
}
