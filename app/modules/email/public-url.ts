/** Where links in emails point: PUBLIC_URL (the address people reach the portal at). */
export function publicUrl(env: NodeJS.ProcessEnv = process.env) {
  return (env.PUBLIC_URL || "http://127.0.0.1:3000").replace(/\/+$/, "");
}

export function ticketUrl(tenantSlug: string, number: string) {
  return `${publicUrl()}/t/${tenantSlug}/tickets/${number}`;
}
