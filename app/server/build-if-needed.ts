import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Where the build lives (COVENANT_BUILD_DIR; parallel test runs each use their own). */
export const BUILD_DIR = path.resolve(process.env.COVENANT_BUILD_DIR ?? "build");
export const BUILD_ENTRY = path.join(BUILD_DIR, "server/index.js");

function newestMtime(entry: string): number {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry))
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** Builds the Remix app when there is no build yet or the sources are newer than it. */
export function buildIfNeeded() {
  const sources = ["app", "public", "packages", "vite.config.ts", "package.json"];
  const built = statSync(BUILD_ENTRY, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const newest = Math.max(...sources.filter((s) => existsSync(s)).map(newestMtime));
  if (built && built >= newest) return;
  console.log(
    built
      ? "Sources changed since the last build: rebuilding…"
      : "Building the portal (first start)…",
  );
  const result = spawnSync(
    process.execPath,
    ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (result.status !== 0) throw new Error("The build failed; see the messages above.");
}
