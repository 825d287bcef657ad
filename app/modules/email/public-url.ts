/**
 * Where links in emails and invitations point: PUBLIC_URL (the address people reach the portal
 * at), or this machine on the port the server listens on.
 */
export function publicUrl(env: Record<string, string | undefined> = process.env) {
  return (env.PUBLIC_URL || `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/+$/, "");
}

export function ticketUrl(tenantSlug: string, number: string) {
  return `${publicUrl()}/t/${tenantSlug}/tickets/${number}`;
}
