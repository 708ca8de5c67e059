import { constants } from "node:fs";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** What git verifies an https host with: `http.sslCAInfo` and, when set, `http.sslCAPath`. */
export interface GitTls {
  /** PEM file of every certificate authority trusted. */
  caFile: string;
  /** An empty directory, standing in for libcurl's own CA directory; absent: libcurl's stays. */
  caDir?: string;
}

/**
 * Where Linux distributions keep the system's CA bundle, in the order Go's crypto/x509 looks
 * for it: Debian, Ubuntu and Gentoo; Fedora and RHEL 6; openSUSE; OpenELEC; CentOS and RHEL 7;
 * Alpine.
 */
const SYSTEM_CA_BUNDLES: readonly string[] = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/pki/tls/cacert.pem",
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
  "/etc/ssl/cert.pem",
];

/**
 * Makes git trust one file: the system's CA bundle, with `extraCaFile`'s authorities
 * (GIT_CA_BUNDLE) appended in a copy written to `dir`, the job's sandbox. libcurl's CA
 * directory is replaced by an empty one in `dir`: Debian's libcurl, the image's, otherwise
 * parses every file of /etc/ssl/certs (the bundle, and each certificate under two names) at
 * every fetch session, 25-30 ms of CPU each, two sessions a job: half a second of every job at
 * Render's 0.1 CPU. A libcurl built with a default CA file instead of a
 * directory used to trust `extraCaFile` alone; now every build trusts the system's and it.
 * Without a system bundle where distributions keep one, libcurl's defaults stay, beside
 * `extraCaFile` when given.
 *
 * @example
 * const tls = await gitTls(box.dir, options.caFile);
 * // git -c http.sslCAInfo=${tls.caFile} -c http.sslCAPath=${tls.caDir} clone ...
 */
export async function gitTls(
  dir: string,
  extraCaFile: string | undefined,
  bundles: readonly string[] = SYSTEM_CA_BUNDLES,
): Promise<GitTls | undefined> {
  const system = await firstReadable(bundles);
  if (!system) return extraCaFile ? { caFile: extraCaFile } : undefined;
  const caDir = path.join(dir, "ca-dir");
  await mkdir(caDir);
  if (!extraCaFile) return { caFile: system, caDir };
  const caFile = path.join(dir, "ca.pem");
  const [own, extra] = await Promise.all([readFile(system), readFile(extraCaFile)]);
  // A bundle need not end with a newline; a PEM block must start on a line of its own.
  await writeFile(caFile, Buffer.concat([own, Buffer.from("\n"), extra]));
  return { caFile, caDir };
}

async function firstReadable(files: readonly string[]): Promise<string | undefined> {
  for (const file of files) {
    if (
      await access(file, constants.R_OK).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  return undefined;
}
