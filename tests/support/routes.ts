import type { ServerBuild } from "@remix-run/node";
import type { TestTenant } from "./factories";

/** Full URL patterns of the build's routes, e.g. "/t/:tenant/users". */
export function routePatterns(build: ServerBuild) {
  const routes = build.routes;
  const full = (id: string): string => {
    const route = routes[id]!;
    const parent = route.parentId ? full(route.parentId) : "";
    const own = route.path ?? "";
    return [parent, own].filter(Boolean).join("/");
  };
  return Object.values(routes)
    .filter((r) => r.id !== "root")
    .map((r) => ({
      id: r.id,
      pattern: `/${full(r.id)}`.replace(/\/+/g, "/"),
      hasAction: Boolean((r.module as { action?: unknown }).action),
      /** An index route shares its URL with its parent: posts to it carry `?index`. */
      index: Boolean(r.index),
      hasComponent: Boolean((r.module as { default?: unknown }).default),
    }));
}

/** Tenant routes behind a membership (not the public sign-in and invitation pages). */
export function memberRoutes(build: ServerBuild) {
  return routePatterns(build).filter(
    (r) => r.pattern.startsWith("/t/:tenant") && !/\/(sign-in|invite)/.test(r.pattern),
  );
}

/** Fills a route pattern with a tenant and that tenant's own rows (see createTestTenant). */
export function urlFor(pattern: string, tenant: TestTenant) {
  const url = pattern
    .replace(":tenant", tenant.slug)
    .replace(":serviceId", tenant.serviceId)
    .replace(":requestTypeId", tenant.requestTypeId)
    .replace(":calendarId", tenant.calendarId)
    .replace(":policyId", tenant.policyId)
    .replace(":number", tenant.ticketNumber)
    .replace(":attachmentId", tenant.attachmentId)
    .replace(":endpointId", tenant.webhookEndpointId)
    .replace(":creditId", tenant.creditId)
    .replace(":reviewId", tenant.reviewId);
  if (url.includes(":"))
    throw new Error(`no test value for a parameter of ${pattern}: extend urlFor`);
  return url;
}
