import { constants } from "node:fs";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** What git verifies an https host with: `http.sslCAInfo` and, when set, `http.sslCAPath`. */
export interface GitTls {
  /** PEM file of every certificate authority trusted. */
  caFile: string;
  /** An empty directory, standing in for libcurl's own CA directory; absent: libcurl's stays. */
  caDir?: string;
  /**
   * Every authority trusted, when `caFile` holds only the one the host's chain ended in when
   * it was checked: what git falls back to if the host answers git with another chain.
   */
  wide?: GitTls;
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
 * With `anchor`, the root certificate the host's chain ended in when the redirect check
 * verified it (Node's), and only if that very certificate is among those trusted here, git is
 * given a file of that one certificate instead, and the whole set as `wide`: the bundle costs
 * GnuTLS (Debian's libcurl) about 20 ms of CPU to parse at each fetch session on a slow
 * machine, which a file of one certificate does not. Trust only narrows: git still verifies
 * the host, against a root the machine trusts; a host that answers git with another chain
 * fails there, and the clone tries again with `wide`.
 *
 * @example
 * const tls = await gitTls(box.dir, options.caFile);
 * // git -c http.sslCAInfo=${tls.caFile} -c http.sslCAPath=${tls.caDir} clone ...
 */
export async function gitTls(
  dir: string,
  extraCaFile: string | undefined,
  bundles: readonly string[] = SYSTEM_CA_BUNDLES,
  anchor?: string,
): Promise<GitTls | undefined> {
  const wide = await trustedSet(dir, extraCaFile, bundles);
  const root = anchor === undefined ? undefined : ONE_CERTIFICATE.exec(anchor)?.[0];
  if (!wide || root === undefined) return wide;
  // The block as it stands in the trusted file: PEM as OpenSSL, Mozilla's bundle and Node all
  // write it (64 columns, LF); a block written otherwise is not found, and nothing is narrowed.
  // Parsing the bundle's 146 certificates instead took 5-14 ms of a job's CPU.
  if (!(await readFile(wide.caFile, "latin1")).includes(root)) return wide;
  const caFile = path.join(dir, "anchor.pem");
  await writeFile(caFile, `${root}\n`);
  return { ...wide, caFile, wide };
}

async function trustedSet(
  dir: string,
  extraCaFile: string | undefined,
  bundles: readonly string[],
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

/** Exactly one PEM certificate, and nothing else but a final newline. */
const ONE_CERTIFICATE =
  /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----(?=\n?$)/;

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
