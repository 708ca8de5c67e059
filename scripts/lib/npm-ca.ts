import { execFileSync } from "node:child_process";
import path from "node:path";

/**
 * The CA file this machine's npm trusts (a TLS-inspecting proxy's), or undefined. An image build
 * receives it as a build secret, never a layer; the Dockerfile replay passes it to an npm that
 * runs under the image's Node, whose prefix is not the system's and so would not read the
 * machine's global npmrc (a package missing from the cache then fails with
 * SELF_SIGNED_CERT_IN_CHAIN).
 *
 * Under `npm run` the npm that runs the script has put the project's node_modules/.bin first on
 * PATH and its own prefix and global config in `npm_config_*` variables: an npm asked from
 * there runs on the project's Node, reads no global npmrc of the system's (/usr/etc/npmrc) and
 * answers null for a `cafile` set there. So the machine's npm is asked: that PATH entry and
 * those variables left out, but a `cafile` the caller's environment sets is taken as it is.
 */
export function npmCaFile(): string | undefined {
  const { npm_config_cafile: given } = process.env;
  if (given) return given;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)),
  );
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes("node_modules"))
    .join(path.delimiter);
  try {
    const file = execFileSync("npm", ["config", "get", "cafile"], { encoding: "utf8", env }).trim();
    return file && file !== "null" && file !== "undefined" ? file : undefined;
  } catch {
    return undefined;
  }
}
