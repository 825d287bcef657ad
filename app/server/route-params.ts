import { z } from "zod";
import { notFound } from "../modules/auth/require.server";

/** A uuid route parameter, or the 404 page (a malformed id is simply a page that does not exist). */
export function uuidParam(params: Record<string, string | undefined>, name: string, what: string) {
  const parsed = z.uuid().safeParse(params[name]);
  if (!parsed.success) throw notFound(`We could not find that ${what}.`);
  return parsed.data;
}
