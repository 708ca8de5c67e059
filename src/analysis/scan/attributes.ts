import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { OFFLINE_CONFIG, runGit } from "../git.ts";
import { aliasLanguage } from "../languages/catalog.ts";
import type { TrackedEntry } from "../tree.ts";
import type { BlobReader } from "./blobs.ts";

/**
 * A repository's own word on a file, from its .gitattributes, as GitHub reads it: `vendor/**
 * linguist-vendored=false`, `*.gen.go linguist-generated`, `*.inc linguist-language=PHP`,
 * `*.kicad_pcb linguist-detectable` (in the language bar though it is data).
 * An unset attribute (`-linguist-vendored`) is false, which overrides Linguist's own rules.
 */
export interface LinguistOverrides {
  vendored?: boolean;
  generated?: boolean;
  documentation?: boolean;
  /** Counted in the language bar (share) or not, whatever its language's type. */
  detectable?: boolean;
  /** The Linguist name the file is to be counted under. */
  language?: string;
}

const ATTRIBUTES = [
  "linguist-vendored",
  "linguist-generated",
  "linguist-documentation",
  "linguist-detectable",
  "linguist-language",
] as const;
// Paths handed to one `git check-attr` call, in bytes of arguments: far below any ARG_MAX.
const CHUNK_BYTES = 64 * 1024;
const MAX_ATTRIBUTES_BYTES = 1024 * 1024;

function flag(value: string): boolean | undefined {
  if (value === "set" || value === "true") return true;
  if (value === "unset" || value === "false") return false;
  return undefined;
}

/**
 * The linguist-* attributes of every file of `commit`, or an empty map when no .gitattributes
 * in its tree mentions them (the common case costs one read of each .gitattributes blob and no
 * git call). Attributes come from `git check-attr --cached` over the commit's tree read into an
 * index of our own under `home` (`git read-tree`, which writes no other file; git 2.39 has no
 * `check-attr --source`), so patterns, precedence and nested .gitattributes files are git's
 * own, and a repository's own index is left alone.
 *
 * @example
 * const overrides = await linguistOverrides(repo, "HEAD", entries, blobs, { home: sandbox });
 * overrides.get("vendor/lib.js"); // { vendored: false }
 */
export async function linguistOverrides(
  repo: string,
  commit: string,
  entries: readonly TrackedEntry[],
  blobs: BlobReader,
  options: { home: string; signal?: AbortSignal | undefined },
): Promise<Map<string, LinguistOverrides>> {
  const overrides = new Map<string, LinguistOverrides>();
  let mentioned = false;
  for (const e of entries) {
    if (e.kind !== "file" || !(e.path === ".gitattributes" || e.path.endsWith("/.gitattributes")))
      continue;
    const read = await blobs.read(e.oid, MAX_ATTRIBUTES_BYTES);
    if (read instanceof Buffer && read.includes("linguist-")) {
      mentioned = true;
      break;
    }
  }
  if (!mentioned) return overrides;
  const indexDir = await mkdtemp(path.join(options.home, "attributes-"));
  const indexFile = path.join(indexDir, "index");
  const git = (args: string[]) =>
    runGit(args, {
      cwd: repo,
      home: options.home,
      config: OFFLINE_CONFIG,
      indexFile,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  try {
    await git(["read-tree", commit]);
    await checkAttributes(entries, git, overrides);
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
  return overrides;
}

/** Fills `overrides` from `git check-attr --cached`, the paths given in chunks. */
async function checkAttributes(
  entries: readonly TrackedEntry[],
  git: (args: string[]) => Promise<Buffer>,
  overrides: Map<string, LinguistOverrides>,
): Promise<void> {
  let chunk: string[] = [];
  let size = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const out = await git(["check-attr", "--cached", "-z", ...ATTRIBUTES, "--", ...chunk]);
    // -z: path NUL attribute NUL value NUL, for every path and attribute.
    const fields = out.toString("utf8").split("\0");
    for (let i = 0; i + 2 < fields.length; i += 3) {
      const file = fields[i] as string;
      const attribute = fields[i + 1] as string;
      const value = fields[i + 2] as string;
      if (value === "unspecified") continue;
      const o = overrides.get(file) ?? {};
      if (attribute === "linguist-language") {
        // Linguist's default alias is the name with dashes for spaces (emacs-lisp).
        const lower = value.toLowerCase();
        const name = aliasLanguage.get(lower) ?? aliasLanguage.get(lower.replaceAll("-", " "));
        if (name) o.language = name;
      } else {
        const key = attribute.slice("linguist-".length) as
          | "vendored"
          | "generated"
          | "documentation"
          | "detectable";
        const set = flag(value);
        if (set !== undefined) o[key] = set;
      }
      overrides.set(file, o);
    }
    chunk = [];
    size = 0;
  };
  for (const e of entries) {
    if (e.kind !== "file") continue;
    chunk.push(e.path);
    size += Buffer.byteLength(e.path) + 1;
    if (size >= CHUNK_BYTES) await flush();
  }
  await flush();
}
