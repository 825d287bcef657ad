import type { Role } from "../../../db/schema";

export type { Role };

export const ROLES: readonly Role[] = [
  "tenant_admin",
  "agent",
  "account_manager",
  "finance",
  "customer",
] as const;

export const ROLE_LABELS: Record<Role, string> = {
  tenant_admin: "Tenant admin",
  agent: "Agent",
  account_manager: "Account manager",
  finance: "Finance",
  customer: "Customer",
};

export type Permission =
  | "tenant.view"
  | "tenant.configure"
  | "users.manage"
  | "customers.read"
  | "customers.manage"
  | "audit.read"
  | "outbox.read"
  | "sla.read"
  | "sla.manage"
  | "services.view_own"
  | "integrations.manage"
  | "catalogue.read"
  | "catalogue.manage"
  | "tickets.read"
  | "tickets.work"
  | "tickets.own"
  | "tickets.raise"
  | "tickets.queue"
  | "credits.read"
  | "credits.manage"
  | "credits.view_own"
  | "billing.manage"
  | "reports.read"
  | "reports.read_own"
  | "reviews.manage"
  | "reviews.read_own";

const STAFF: Permission[] = [
  "tenant.view",
  "customers.read",
  "catalogue.read",
  "sla.read",
  "tickets.read",
  "reports.read",
];

/** The one role → permission map, used by server guards and by the UI to hide what a role cannot do. */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  tenant_admin: new Set<Permission>([
    ...STAFF,
    "tenant.configure",
    "users.manage",
    "customers.manage",
    "audit.read",
    "outbox.read",
    "sla.manage",
    "integrations.manage",
    "catalogue.manage",
    "tickets.work",
    "tickets.raise",
    "tickets.queue",
    "credits.read",
    "billing.manage",
    "reviews.manage",
  ]),
  agent: new Set<Permission>([...STAFF, "tickets.work", "tickets.raise", "tickets.queue"]),
  account_manager: new Set<Permission>([
    ...STAFF,
    "tickets.queue",
    "credits.read",
    "reviews.manage",
  ]),
  finance: new Set<Permission>([
    ...STAFF,
    "audit.read",
    "tickets.queue",
    "credits.read",
    "credits.manage",
  ]),
  customer: new Set<Permission>([
    "tenant.view",
    "services.view_own",
    "tickets.read",
    "tickets.own",
    "tickets.raise",
    "credits.view_own",
    "reports.read_own",
    "reviews.read_own",
  ]),
};

export function can(role: Role, permission: Permission) {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function isStaff(role: Role) {
  return role !== "customer";
}
