import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

/** Authors with their weight in the draw; Ada commits under two spellings of one address. */
const AUTHORS: Array<[who: string, weight: number]> = [
  ["Ada Lovelace <ada@example.com>", 5],
  ["Ada L. <Ada@Example.com>", 1],
  ["Brian Kernighan <bwk@example.com>", 3],
  ["Chen Wei <chen@example.com>", 2],
  ["Dana Scully <dana@example.com>", 2],
  ["Emil Post <emil@example.com>", 1],
];

/** A seeded generator (mulberry32): the same history on every machine and every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const BODIES: Record<string, (n: number) => string> = {
  ts: (n) =>
    `export function f${n}(x: number): number {\n  if (x > ${n}) return x;\n  return -x;\n}\n`,
  py: (n) => `def f${n}(x):\n    # branch\n    if x > ${n}:\n        return x\n    return -x\n`,
  go: (n) =>
    `package p\n\nfunc F${n}(x int) int {\n\tif x > ${n} {\n\t\treturn x\n\t}\n\treturn -x\n}\n`,
  md: (n) => `# Note ${n}\n\nSome prose about item ${n}.\n`,
};
const EXTENSIONS = Object.keys(BODIES);

/**
 * A bare repository with a real-looking history, written with `git fast-import`: `commits`
 * commits (merges of short side branches included) over `files` starting files in four
 * languages, changed, added, renamed (with and without an edit) and deleted by six authors, at
 * fixed dates. Everything is drawn from a seeded generator, so the same arguments give the same
 * commits, byte for byte: a report of it can be compared with one saved earlier.
 *
 * @example
 * const bare = historyRepo(path.join(dir, "served"), { files: 40, commits: 320 });
 */
export function historyRepo(dir: string, shape: { files: number; commits: number }): string {
  const bare = path.join(dir, "history.git");
  mkdirSync(bare, { recursive: true });
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", bare]);
  const draw = random(20);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(draw() * list.length)] as T;
  const totalWeight = AUTHORS.reduce((sum, [, w]) => sum + w, 0);
  const author = () => {
    let at = draw() * totalWeight;
    for (const [who, weight] of AUTHORS) {
      at -= weight;
      if (at < 0) return who;
    }
    return AUTHORS[0]?.[0] as string;
  };

  const main = new Map<string, string>();
  let serial = 0;
  const newPath = () => {
    const ext = pick(EXTENSIONS);
    const n = serial++;
    return [`src/m${n % 5}/file${n}.${ext}`, (BODIES[ext] as (n: number) => string)(n)] as const;
  };
  for (let i = 0; i < shape.files; i++) {
    const [file, body] = newPath();
    main.set(file, body);
  }
  main.set(
    "package.json",
    `${JSON.stringify({ name: "history", dependencies: { hono: "^4" } })}\n`,
  );

  const out: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let mark = 0;
  let time = 1_600_000_000;
  const commit = (ref: string, ops: string[], from?: number, merge?: number): number => {
    mark++;
    time += 3600 + Math.floor(draw() * 86_400 * 2);
    const who = author();
    out.push(`commit ${ref}\nmark :${mark}\n`);
    out.push(
      `author ${who} ${time} +0000\ncommitter ${who} ${time} +0000\n`,
      data(`change ${mark}`),
    );
    if (from !== undefined) out.push(`from :${from}\n`);
    if (merge !== undefined) out.push(`merge :${merge}\n`);
    out.push(...ops);
    return mark;
  };
  const put = (state: Map<string, string>, file: string, body: string) => {
    state.set(file, body);
    return `M 100644 inline ${file}\n${data(body)}`;
  };
  const edit = (state: Map<string, string>, file: string) =>
    put(state, file, `${state.get(file)}// if edit ${mark} ${draw() < 0.5 ? "&& more" : ""}\n`);

  let tip = commit(
    "refs/heads/main",
    [...main].map(([file, body]) => `M 100644 inline ${file}\n${data(body)}`),
  );
  while (mark < shape.commits) {
    const files = [...main.keys()].filter((f) => f !== "package.json");
    const roll = draw();
    if (roll < 0.05 && shape.commits - mark > 6) {
      // A side branch of two commits on files main leaves alone meanwhile, then its merge.
      const side = new Map(main);
      const theirs = [pick(files), pick(files)];
      let sideTip = commit("refs/heads/side", [edit(side, theirs[0] as string)], tip);
      sideTip = commit("refs/heads/side", [edit(side, theirs[1] as string)], sideTip);
      const ours = files.find((f) => !theirs.includes(f)) as string;
      tip = commit("refs/heads/main", [edit(main, ours)], tip);
      tip = commit(
        "refs/heads/main",
        theirs.map((f) => put(main, f, side.get(f) as string)),
        tip,
        sideTip,
      );
    } else if (roll < 0.12) {
      const from = pick(files);
      const body = main.get(from) as string;
      const [to] = newPath();
      main.delete(from);
      main.set(to, body);
      // Half the renames also edit the file: only a comparison of contents pairs those.
      const ops = [`R ${from} ${to}\n`];
      if (draw() < 0.5) ops.push(edit(main, to));
      tip = commit("refs/heads/main", ops, tip);
    } else if (roll < 0.16 && files.length > 10) {
      const gone = pick(files);
      main.delete(gone);
      tip = commit("refs/heads/main", [`D ${gone}\n`], tip);
    } else if (roll < 0.22) {
      const [file, body] = newPath();
      tip = commit("refs/heads/main", [put(main, file, body)], tip);
    } else {
      const changed = new Set([pick(files), ...(draw() < 0.3 ? [pick(files)] : [])]);
      tip = commit(
        "refs/heads/main",
        [...changed].map((f) => edit(main, f)),
        tip,
      );
    }
  }
  execFileSync("git", ["-C", bare, "fast-import", "--quiet"], { input: out.join("") });
  return bare;
}
