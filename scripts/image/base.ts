import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { podman, podmanOk } from "./podman.ts";

/** The base Dockerfile.combined names, pulled when a registry answers. */
const OFFICIAL_BASE = "docker.io/library/node:24-bookworm-slim";
/** Label that marks the local stand-in and carries the hash of what it was built from. */
const KEY_LABEL = "org.repolens.standin-key";
const SUITE = "bookworm";

/**
 * What the official slim images leave out (Debian's `debuerreotype --slimify`), so that a
 * package installed on the stand-in weighs what it would on the official base.
 */
const SLIM_DPKG_EXCLUDES = `path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
`;
/** The official Debian images' apt settings: no package cache kept after an install. */
const APT_DOCKER_CLEAN = `DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
`;

export interface BaseImage {
  name: string;
  /** "official" when pulled or already present unlabelled; "stand-in" when built here. */
  kind: "official" | "stand-in";
  /** True when this run built it (minutes), false when it was found cached. */
  built: boolean;
}

/**
 * The folder of the npm that runs this script (npm sets `npm_execpath` to its npm-cli.js), else
 * of the global one: `npm root -g` answers for whichever Node is first on PATH, and under the
 * project's own Node 24 (node_modules/.bin first) that is a folder without npm.
 */
function npmDirectory(): string {
  const cli = process.env.npm_execpath;
  if (cli && path.basename(cli) === "npm-cli.js") return path.dirname(path.dirname(cli));
  return path.join(execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim(), "npm");
}

/**
 * The base image for `podman build`: the official `node:24-bookworm-slim` when it is here or a
 * registry gives it, otherwise a stand-in of the same name built from Debian and this
 * project's Node: `debootstrap --variant=minbase bookworm` from the Debian mirror apt uses,
 * slimmed as the official images are, with the Node 24 binary that runs this script (the `node`
 * npm package's), npm 11 and the user `node` (uid 1000). The stand-in is kept between runs and
 * rebuilt only when one of its inputs changes (the hash of this recipe, Node, npm, the mirror).
 *
 * @example
 * const base = await ensureBaseImage((line) => console.log(line)); // { kind: "stand-in", ... }
 */
export async function ensureBaseImage(say: (line: string) => void): Promise<BaseImage> {
  const npmDir = npmDirectory();
  const npmVersion = JSON.parse(readFileSync(path.join(npmDir, "package.json"), "utf8"))
    .version as string;
  if (!npmVersion.startsWith("11."))
    throw new Error(`the stand-in base takes this machine's npm, which is ${npmVersion}, not 11`);
  const sources = debianSources();
  const key = createHash("sha256")
    .update(readFileSync(import.meta.filename))
    .update(await fileHash(process.execPath))
    .update(npmVersion)
    .update(sources.text)
    .digest("hex")
    .slice(0, 16);

  const present = await podmanOk(["image", "exists", OFFICIAL_BASE]);
  if (present) {
    const label = (
      await podman([
        "image",
        "inspect",
        "--format",
        `{{index .Labels "${KEY_LABEL}"}}`,
        OFFICIAL_BASE,
      ])
    ).trim();
    if (label === "" || label === "<no value>")
      return { name: OFFICIAL_BASE, kind: "official", built: false };
    if (label === key) return { name: OFFICIAL_BASE, kind: "stand-in", built: false };
    say(`the stand-in base is out of date (key ${label}, now ${key}): rebuilding it`);
    await podman(["rmi", OFFICIAL_BASE]);
  } else if (await podmanOk(["pull", "--quiet", OFFICIAL_BASE], 120_000)) {
    return { name: OFFICIAL_BASE, kind: "official", built: true };
  } else {
    say(`${OFFICIAL_BASE} cannot be pulled here: building a stand-in of that name`);
  }
  await buildStandIn({ key, npmDir, npmVersion, sources, say });
  return { name: OFFICIAL_BASE, kind: "stand-in", built: true };
}

async function fileHash(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * The Debian entries of this machine's apt sources (deb822 stanzas signed by Debian's archive
 * key), and the main archive's URI for debootstrap.
 */
function debianSources(): { text: string; mirror: string } {
  const dir = "/etc/apt/sources.list.d";
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".sources"))
        .map((f) => path.join(dir, f))
    : [];
  const stanzas = files
    .flatMap((file) => readFileSync(file, "utf8").split(/\n\s*\n/))
    .map((stanza) =>
      stanza
        .split("\n")
        .filter((line) => !line.startsWith("#"))
        .join("\n")
        .trim(),
    )
    .filter(
      (s) => /debian-archive-keyring/.test(s) && new RegExp(`Suites:.*\\b${SUITE}\\b`).test(s),
    );
  const main = stanzas.find((s) => new RegExp(`Suites:.*\\b${SUITE}(\\s|$)`, "m").test(s));
  const mirror = /^URIs:\s*(\S+)/m.exec(main ?? "")?.[1];
  if (!mirror)
    throw new Error(`no Debian ${SUITE} entry in ${dir}/*.sources to build the stand-in base from`);
  return { text: `${stanzas.join("\n\n")}\n`, mirror };
}

async function buildStandIn(input: {
  key: string;
  npmDir: string;
  npmVersion: string;
  sources: { text: string; mirror: string };
  say: (line: string) => void;
}): Promise<void> {
  const started = Date.now();
  const work = await mkdtemp(path.join(os.tmpdir(), "repolens-base-"));
  const root = path.join(work, "rootfs");
  try {
    execFileSync("debootstrap", ["--variant=minbase", SUITE, root, input.sources.mirror], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 600_000,
    });
    const at = (p: string) => path.join(root, p);
    await writeFile(at("etc/dpkg/dpkg.cfg.d/docker"), SLIM_DPKG_EXCLUDES);
    await writeFile(at("etc/apt/apt.conf.d/docker-clean"), APT_DOCKER_CLEAN);
    await rm(at("etc/apt/sources.list"), { force: true });
    await writeFile(at("etc/apt/sources.list.d/debian.sources"), input.sources.text);
    // What the slim images' dpkg excludes would have kept out, and the bootstrap's downloads.
    execFileSync("sh", [
      "-c",
      `cd ${root} && find usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete \
        && rm -rf usr/share/man/* usr/share/info/* usr/share/locale/* usr/share/groff/* \
          var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* var/log/*.log`,
    ]);
    // Node and npm where the official image has them.
    await cp(process.execPath, at("usr/local/bin/node"));
    await chmod(at("usr/local/bin/node"), 0o755);
    await mkdir(at("usr/local/lib/node_modules"), { recursive: true });
    await cp(input.npmDir, at("usr/local/lib/node_modules/npm"), { recursive: true });
    await symlink("../lib/node_modules/npm/bin/npm-cli.js", at("usr/local/bin/npm"));
    await symlink("../lib/node_modules/npm/bin/npx-cli.js", at("usr/local/bin/npx"));
    execFileSync("chroot", [root, "groupadd", "--gid", "1000", "node"]);
    execFileSync("chroot", [
      root,
      "useradd",
      "--uid",
      "1000",
      "--gid",
      "node",
      "--shell",
      "/bin/bash",
      "--create-home",
      "node",
    ]);
    // The image records no build date in its files: the same inputs give the same key above.
    execFileSync(
      "sh",
      [
        "-c",
        `tar --numeric-owner -C ${root} -c . | podman import \
          --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
          --change 'ENV NODE_VERSION=${process.versions.node}' \
          --change 'CMD ["node"]' \
          --change 'LABEL ${KEY_LABEL}=${input.key}' - ${OFFICIAL_BASE}`,
      ],
      { stdio: ["ignore", "ignore", "pipe"], timeout: 300_000 },
    );
    input.say(
      `built the stand-in base (Debian ${SUITE} minbase from ${input.sources.mirror}, Node ${process.version}, npm ${input.npmVersion}) in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
