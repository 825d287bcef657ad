import type { AuthConfig } from "@auth/core";
import { CredentialsSignin } from "@auth/core/errors";
import Credentials from "@auth/core/providers/credentials";
import type { AppConfig } from "../../config.server";
import type { Db } from "../../db.server";
import { dummyPasswordHash, verifyPassword } from "./passwords.server";
import { signInSchema } from "./schemas";
import { clearSignInFailures, findUserForSignIn, reserveSignInAttempt } from "./system.server";

/** A sign-in refused because the account or address is locked out (Auth.js adds `code=locked`). */
export class SignInLocked extends CredentialsSignin {
  code = "locked";
}

/** Set by our HTTP edge on the request handed to Auth.js; never taken from the client. */
export const CLIENT_ADDRESS_HEADER = "x-covenant-client-address";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Auth.js configuration: credentials with argon2 hashes and a JWT session carrying the user id and
 * the user's session version. The membership and the version are re-read from the database on
 * every request (requireMembership), so deactivation and sign-out-everywhere take effect at once.
 */
export function authConfig(db: Db, config: AppConfig): AuthConfig {
  return {
    basePath: "/auth",
    secret: config.secret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: {
          email: { label: "Email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, request) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
          // Every way in (our form, the Auth.js endpoint with a form or a JSON body) ends here, so
          // the lock-out is enforced here; the callers check it first only to answer 429.
          if ((await reserveSignInAttempt(db, email, address)) > 0) throw new SignInLocked();
          const user = await findUserForSignIn(db, email);
          const ok = await verifyPassword(
            user?.password_hash ?? (await dummyPasswordHash()),
            password,
          );
          if (!user || !ok || !user.password_hash) return null;
          await clearSignInFailures(db, email);
          return {
            id: user.id,
            email: user.email,
            name: user.name,
            sessionVersion: user.session_version,
          };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
        }
        return token;
      },
    },
    logger: {
      error(error) {
        // Failed sign-ins are expected; anything else is worth a line (never a stack trace).
        if (!(error instanceof CredentialsSignin))
          console.error(`[auth] ${error.name}: ${error.message}`);
      },
      warn() {},
      debug() {},
    },
  };
}
