import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { AppForm } from "./forms";

export type ShellProps = {
  tenant: { slug: string; name: string; accent_color: string; logo_url: string | null };
  user: { name: string; email: string };
  roleLabel: string;
  customerName: string | null;
  nav: Array<{ title: string; items: Array<{ label: string; to: string; end: boolean }> }>;
  children: ReactNode;
};

function NavLinks({ nav }: { nav: ShellProps["nav"] }) {
  return (
    <div className="flex flex-col gap-4">
      {nav.map((group) => (
        <div key={group.title}>
          {group.title === "Work" ? null : (
            <p className="mb-1 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">
              {group.title}
            </p>
          )}
          <NavList items={group.items} />
        </div>
      ))}
    </div>
  );
}

function NavList({ items }: { items: ShellProps["nav"][number]["items"] }) {
  return (
    <ul className="flex flex-col gap-0.5">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink
            to={item.to}
            end={item.end}
            className={({ isActive }) =>
              `block rounded-md px-3 py-1.5 text-sm font-medium no-underline ${
                isActive
                  ? "bg-slate-900 text-white"
                  : "text-slate-700 hover:bg-slate-100 hover:no-underline"
              }`
            }
          >
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

export function TenantShell({ tenant, user, roleLabel, customerName, nav, children }: ShellProps) {
  return (
    <div
      style={{ "--accent": tenant.accent_color } as React.CSSProperties}
      className="min-h-screen"
    >
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header
        className="border-b border-slate-200 bg-white"
        style={{ borderTop: `4px solid ${tenant.accent_color}` }}
      >
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3">
          <a
            href={`/t/${tenant.slug}`}
            className="flex items-center gap-3 text-slate-900 no-underline hover:no-underline"
          >
            {tenant.logo_url ? (
              <img src={tenant.logo_url} alt="" className="h-8 w-8 rounded object-contain" />
            ) : (
              <span
                aria-hidden="true"
                className="flex h-8 w-8 items-center justify-center rounded text-sm font-bold text-white"
                style={{ background: tenant.accent_color }}
              >
                {tenant.name.slice(0, 1)}
              </span>
            )}
            <span className="text-lg font-semibold">{tenant.name}</span>
          </a>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-right sm:block">
              <span className="block font-medium">{user.name || user.email}</span>
              <span className="block text-xs text-slate-500">
                {roleLabel}
                {customerName ? ` · ${customerName}` : ""}
              </span>
            </span>
            <AppForm action="/sign-out">
              <input type="hidden" name="tenant" value={tenant.slug} />
              <button
                type="submit"
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
              >
                Sign out
              </button>
            </AppForm>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
        <nav aria-label="Main" className="md:w-52 md:shrink-0">
          <details className="rounded-lg border border-slate-200 bg-white p-2 md:hidden">
            <summary className="cursor-pointer px-2 py-1 text-sm font-medium">Menu</summary>
            <div className="mt-2">
              <NavLinks nav={nav} />
            </div>
          </details>
          <div className="hidden md:block">
            <NavLinks nav={nav} />
          </div>
        </nav>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
