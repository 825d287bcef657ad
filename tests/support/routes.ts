import type { ServerBuild } from "@remix-run/node";

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
      hasComponent: Boolean((r.module as { default?: unknown }).default),
    }));
}

/** Tenant routes behind a membership (not the public sign-in and invitation pages). */
export function memberRoutes(build: ServerBuild) {
  return routePatterns(build).filter(
    (r) => r.pattern.startsWith("/t/:tenant") && !/\/(sign-in|invite)/.test(r.pattern),
  );
}
