import { can, type Permission, type Role } from "./permissions";

export type NavItem = { label: string; to: string; permission: Permission; end?: boolean };

/** The tenant navigation; each role sees the entries its permissions allow. */
const NAV: NavItem[] = [
  { label: "Home", to: "", permission: "tenant.view", end: true },
  { label: "Customers", to: "customers", permission: "customers.read" },
  { label: "Users", to: "users", permission: "users.manage" },
  { label: "Audit log", to: "audit", permission: "audit.read" },
  { label: "Settings", to: "settings", permission: "tenant.configure" },
  { label: "Your account", to: "account", permission: "tenant.view" },
];

export function navigationFor(role: Role, tenantSlug: string) {
  return NAV.filter((item) => can(role, item.permission)).map((item) => ({
    label: item.label,
    to: `/t/${tenantSlug}${item.to ? `/${item.to}` : ""}`,
    end: item.end ?? false,
  }));
}
