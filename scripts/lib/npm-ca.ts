import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * The CA file this machine's npm trusts (a TLS-inspecting proxy's), or undefined. An image build
 * receives it as a build secret, never a layer; the Dockerfile replay passes it to an npm that
 * runs under the image's Node, whose prefix is not the system's and so would not read the
 * machine's global npmrc (a package missing from the cache then fails with
 * SELF_SIGNED_CERT_IN_CHAIN).
 *
 * Under `npm run` npm itself runs on the project's Node (node_modules/.bin comes first on PATH),
 * whose prefix is not the system's either: a `cafile` set in the system's global npmrc
 * (/usr/etc/npmrc) is then not what `npm config get` answers. The CA file Node is told to trust
 * beside its own (NODE_EXTRA_CA_CERTS) is the machine's answer then.
 */
export function npmCaFile(): string | undefined {
  try {
    const file = execFileSync("npm", ["config", "get", "cafile"], { encoding: "utf8" }).trim();
    if (file && file !== "null" && file !== "undefined") return file;
  } catch {
    // No npm to ask: the environment may still say.
  }
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  return extra && existsSync(extra) ? extra : undefined;
}
