import { execFileSync } from "node:child_process";

/**
 * The CA file this machine's npm trusts (a TLS-inspecting proxy's), or undefined. An image build
 * receives it as a build secret, never a layer; the Dockerfile replay passes it to an npm that
 * runs under the image's Node, whose prefix is not the system's and so would not read the
 * machine's global npmrc (a package missing from the cache then fails with
 * SELF_SIGNED_CERT_IN_CHAIN).
 */
export function npmCaFile(): string | undefined {
  try {
    const file = execFileSync("npm", ["config", "get", "cafile"], { encoding: "utf8" }).trim();
    return file && file !== "null" && file !== "undefined" ? file : undefined;
  } catch {
    return undefined;
  }
}
