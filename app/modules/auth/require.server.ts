import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { PREPARED, withTenant, type TenantContext } from "../../db.server";
import type { Actor } from "../audit/record-audit.server";
import { findTenantBySlug } from "../tenancy/system.server";
import { can, type Permission, type Role } from "./permissions";
import { getSessionUser, readSessionClaims } from "./session.server";

export type TenantSummary = NonNullable<Awaited<ReturnType<typeof findTenantBySlug>>>;

export type Member = {
  tenant: TenantSummary;
  user: { id: string; email: string; name: string };
  role: Role;
  membershipId: string;
  customerId: string | null;
  customerName: string | null;
  /** What withTenant needs for this person: their tenant, and their customer if they are one. */
  ctx: TenantContext;
  actor: Actor;
};

export function notFound(message = "We could not find that page.") {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "You do not have permission to do that.") {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

function signInRedirect(request: Request, tenantSlug: string | null) {
  const url = new URL(request.url);
  const back = url.pathname.replace(/\.data$/, "") + url.search;
  const base = tenantSlug ? `/t/${tenantSlug}/sign-in` : "/sign-in";
  return redirect(`${base}?redirectTo=${encodeURIComponent(back)}`);
}

/** The signed-in person, or a redirect to sign in. */
export async function requireUser(request: Request, context: AppLoadContext) {
  const user = await getSessionUser(request, context.db, context.config);
  if (!user) throw signInRedirect(request, null);
  return user;
}

export async function requirePlatformAdmin(request: Request, context: AppLoadContext) {
  const user = await requireUser(request, context);
  if (!context.config.platformAdminEmails.includes(user.email)) throw notFound();
  return user;
}

/**
 * The tenant in the URL and the signed-in person's active membership of it, re-read from the
 * database on every request. Unknown tenant or non-member → 404 (nothing about the tenant leaks);
 * member without the permission → 403.
 */
export async function requireMembership(
  request: Request,
  context: AppLoadContext,
  tenantSlug: string | undefined,
  permission: Permission = "tenant.view",
): Promise<Member> {
  const { tenant, row } = await membershipOnce(request, context, tenantSlug);
  if (!can(row.role, permission)) throw forbidden();

  const user = { id: row.id, email: row.email, name: row.name };
  return {
    tenant,
    user,
    role: row.role,
    membershipId: row.membership_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    ctx: { tenantId: tenant.id, customerId: row.customer_id, userId: row.id },
    actor: { userId: row.id, label: row.name || row.email, requestId: context.requestId },
  };
}

type MembershipLookup = ReturnType<typeof lookUpMembership>;

/**
 * A page's layout loader and its route loader both require the membership, in parallel, within one
 * request: they share one lookup (tenant, session claims, membership row), which is a third of the
 * database work of a typical page (issue 8, bench 4). The load context is made afresh for each
 * request, so nothing outlives it; the method is part of the key because a form post without
 * JavaScript runs its action and then the page's loaders in the same request, and the loaders must
 * see what the action changed (a role, a deactivation, a sign-out everywhere).
 */
const lookups = new WeakMap<AppLoadContext, Map<string, MembershipLookup>>();

function membershipOnce(request: Request, context: AppLoadContext, tenantSlug: string | undefined) {
  let perRequest = lookups.get(context);
  if (!perRequest) {
    perRequest = new Map();
    lookups.set(context, perRequest);
  }
  const key = `${request.method} ${tenantSlug ?? ""}`;
  let lookup = perRequest.get(key);
  if (!lookup) {
    lookup = lookUpMembership(request, context, tenantSlug);
    perRequest.set(key, lookup);
  }
  return lookup;
}

async function lookUpMembership(
  request: Request,
  context: AppLoadContext,
  tenantSlug: string | undefined,
) {
  const tenant = tenantSlug ? await findTenantBySlug(context.db, tenantSlug) : undefined;
  if (!tenant) throw notFound("We could not find that workspace.");
  const claims = await readSessionClaims(request, context.config);
  if (!claims) throw signInRedirect(request, tenant.slug);

  const row = await withTenant(context.db, { tenantId: tenant.id, userId: claims.userId }, (trx) =>
    trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .leftJoin("customers", (join) =>
        join
          .onRef("customers.tenant_id", "=", "memberships.tenant_id")
          .onRef("customers.id", "=", "memberships.customer_id"),
      )
      .select([
        "memberships.id as membership_id",
        "memberships.role",
        "memberships.customer_id",
        "memberships.active",
        "users.id",
        "users.email",
        "users.name",
        "users.session_version",
        "customers.name as customer_name",
        "customers.active as customer_active",
      ])
      .where("memberships.tenant_id", "=", tenant.id)
      .where("memberships.user_id", "=", claims.userId)
      .modifyEnd(PREPARED)
      .executeTakeFirst(),
  );
  if (!row) {
    // Signed in, but is the session itself still valid? A revoked session signs in again.
    const user = await getSessionUser(request, context.db, context.config);
    if (!user) throw signInRedirect(request, tenant.slug);
    throw notFound("We could not find that workspace.");
  }
  if (row.session_version !== claims.sessionVersion) throw signInRedirect(request, tenant.slug);
  if (!row.active || (row.role === "customer" && row.customer_active === false)) {
    throw notFound("We could not find that workspace.");
  }
  return { tenant, row };
}
