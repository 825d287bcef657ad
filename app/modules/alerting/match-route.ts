/** A route matches an alert when every one of its label matchers equals the alert's label. */
export function routeMatches(matchers: Record<string, string>, labels: Record<string, string>) {
  const entries = Object.entries(matchers);
  return entries.length > 0 && entries.every(([name, value]) => labels[name] === value);
}

/** The first matching route, in the admin's order. */
export function pickRoute<R extends { matchers: Record<string, string>; position: number }>(
  routes: R[],
  labels: Record<string, string>,
) {
  return (
    [...routes]
      .sort((a, b) => a.position - b.position)
      .find((r) => routeMatches(r.matchers, labels)) ?? null
  );
}

/** "service=api, env=prod" → { service: "api", env: "prod" }; returns an error message instead when malformed. */
export function parseMatchers(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  const parts = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return "Add at least one label matcher, like severity=critical";
  for (const part of parts) {
    const m = part.match(/^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"?([^"]*)"?$/);
    if (!m) return `“${part}” is not a label matcher: write name=value`;
    out[m[1]!] = m[2]!;
  }
  return out;
}
