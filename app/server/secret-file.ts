import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomToken } from "../config.server";

/**
 * Without COVENANT_SECRET, a local install keeps a random secret of its own in .data/secret, so
 * the demo works with no configuration and no two installs share a session key.
 */
export function ensureLocalSecret(dataDir = ".data") {
  if (process.env.COVENANT_SECRET) return;
  const file = path.join(dataDir, "secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomToken(48), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  process.env.COVENANT_SECRET = readFileSync(file, "utf8").trim();
}
