import { createHash } from "node:crypto";
import { randomToken } from "../../config.server";

export const INVITATION_DAYS = 7;

export function newInvitationToken() {
  const token = randomToken(24);
  return { token, tokenHash: hashInvitationToken(token) };
}

/** Only the hash is stored, so a database read does not hand out working invitation links. */
export function hashInvitationToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export function invitationPath(tenantSlug: string, token: string) {
  return `/t/${tenantSlug}/invite/${token}`;
}
