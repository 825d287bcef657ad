import { can, type Permission, type Role } from "./permissions";

export type NavSection =
  "Work" | "Service level" | "Reporting" | "People" | "Administration" | "You";

export type NavItem = {
  label: string;
  to: string;
  permission: Permission;
  section: NavSection;
  end?: boolean;
};

/** The tenant navigation; each role sees the entries its permissions allow. */
const NAV: NavItem[] = [
  { label: "Home", to: "", section: "Work", permission: "tenant.view", end: true },
  { label: "Queue", to: "queue", section: "Work", permission: "tickets.queue" },
  { label: "Tickets", to: "tickets", section: "Work", permission: "tickets.own", end: true },
  { label: "Raise a ticket", to: "tickets/new", section: "Work", permission: "tickets.own" },
  { label: "Customers", to: "customers", section: "People", permission: "customers.read" },
  { label: "Services", to: "services", section: "Service level", permission: "catalogue.read" },
  {
    label: "Your services",
    to: "my-services",
    section: "Service level",
    permission: "services.view_own",
  },
  { label: "Calendars", to: "calendars", section: "Service level", permission: "sla.read" },
  { label: "SLA policies", to: "policies", section: "Service level", permission: "sla.read" },
  { label: "Contracts", to: "contracts", section: "Service level", permission: "sla.read" },
  { label: "Reports", to: "reports", section: "Reporting", permission: "reports.read" },
  { label: "Reviews", to: "reviews", section: "Reporting", permission: "reviews.manage" },
  { label: "Portfolio", to: "portfolio", section: "Reporting", permission: "reviews.manage" },
  { label: "SLA reports", to: "reports", section: "Reporting", permission: "reports.read_own" },
  { label: "Service reviews", to: "reviews", section: "Reporting", permission: "reviews.read_own" },
  {
    label: "Service credits",
    to: "credits",
    section: "Reporting",
    permission: "credits.read",
    end: true,
  },
  {
    label: "Maintenance windows",
    to: "credits/maintenance",
    section: "Service level",
    permission: "sla.read",
  },
  { label: "Your credits", to: "my-credits", section: "Reporting", permission: "credits.view_own" },
  { label: "Users", to: "users", section: "People", permission: "users.manage" },
  { label: "Audit log", to: "audit", section: "Administration", permission: "audit.read" },
  { label: "Outbox", to: "outbox", section: "Administration", permission: "outbox.read" },
  {
    label: "Settings",
    to: "settings",
    section: "Administration",
    permission: "tenant.configure",
    end: true,
  },
  {
    label: "Ticket settings",
    to: "settings/tickets",
    section: "Administration",
    permission: "tenant.configure",
  },
  { label: "Agent groups", to: "groups", section: "People", permission: "users.manage" },
  {
    label: "API keys",
    to: "api-keys",
    section: "Administration",
    permission: "integrations.manage",
  },
  {
    label: "Webhooks",
    to: "webhooks",
    section: "Administration",
    permission: "integrations.manage",
  },
  {
    label: "Alert routing",
    to: "alert-routes",
    section: "Administration",
    permission: "integrations.manage",
  },
  {
    label: "Billing (Stripe)",
    to: "billing-settings",
    section: "Administration",
    permission: "billing.manage",
  },
  { label: "Your account", to: "account", section: "You", permission: "tenant.view" },
];

const SECTION_ORDER: NavSection[] = [
  "Work",
  "Service level",
  "Reporting",
  "People",
  "Administration",
  "You",
];

export type NavGroup = {
  title: NavSection;
  items: Array<{ label: string; to: string; end: boolean }>;
};

/** The entries this role may use, grouped into sections (empty sections are left out). */
export function navigationFor(role: Role, tenantSlug: string): NavGroup[] {
  const visible = NAV.filter((item) => can(role, item.permission));
  return SECTION_ORDER.map((title) => ({
    title,
    items: visible
      .filter((item) => item.section === title)
      .map((item) => ({
        label: item.label,
        to: `/t/${tenantSlug}${item.to ? `/${item.to}` : ""}`,
        end: item.end ?? false,
      })),
  })).filter((group) => group.items.length > 0);
}
