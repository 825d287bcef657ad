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
  | "outbox.read";

const STAFF: Permission[] = ["tenant.view", "customers.read"];

/** The one role → permission map, used by server guards and by the UI to hide what a role cannot do. */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  tenant_admin: new Set<Permission>([
    ...STAFF,
    "tenant.configure",
    "users.manage",
    "customers.manage",
    "audit.read",
    "outbox.read",
  ]),
  agent: new Set<Permission>([...STAFF]),
  account_manager: new Set<Permission>([...STAFF]),
  finance: new Set<Permission>([...STAFF, "audit.read"]),
  customer: new Set<Permission>(["tenant.view"]),
};

export function can(role: Role, permission: Permission) {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function isStaff(role: Role) {
  return role !== "customer";
}
