/**
 * A reader for the small Dockerfile subset RepoLens uses, so that the production-install check
 * replays the image's own steps and the deploy tests read its properties from the file itself.
 * Handles comments, `\` line continuations, `ARG` before the first stage, `--flag=value` options
 * and the JSON (exec) form; anything else is reported, not guessed at.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, ... */
  keyword: string;
  /** `--name=value` options, e.g. `from`, `chmod`, `mount`. */
  flags: Record<string, string>;
  /** The arguments after the flags, still as written (shell form) or parsed (exec form). */
  args: string;
  /** Set when the arguments are a JSON array: `["tini", "--"]`. */
  exec?: string[];
  line: number;
}

export interface Stage {
  /** `AS name`, or the stage's index when it has none. */
  name: string;
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** `ARG name=default` declared before the first FROM. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/**
 * @example
 * const { stages } = parseDockerfile(readFileSync("Dockerfile.combined", "utf8"));
 * stages.at(-1)?.instructions.find((i) => i.keyword === "ENTRYPOINT")?.exec; // ["tini", "--"]
 */
export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of logicalLines(text)) {
    if (instruction.keyword === "FROM") {
      const [image = "", as, name] = instruction.args.split(/\s+/);
      const base = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => globalArgs[a ?? b] ?? "");
      const named = as?.toUpperCase() === "AS" && name ? name : String(stages.length);
      stages.push({ name: named, base, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== "ARG")
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      const [name = "", value = ""] = instruction.args.split("=", 2);
      globalArgs[name] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

function* logicalLines(text: string): Generator<Instruction> {
  let buffer = "";
  let start = 0;
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index] ?? "";
    const trimmed = raw.trim();
    // Comment lines inside a continued instruction are dropped too, as Docker does.
    if (trimmed.startsWith("#") || (trimmed === "" && buffer === "")) continue;
    if (buffer === "") start = index + 1;
    if (trimmed.endsWith("\\")) {
      buffer += `${trimmed.slice(0, -1).trim()} `;
      continue;
    }
    buffer += trimmed;
    yield instruction(buffer.trim(), start);
    buffer = "";
  }
  if (buffer.trim() !== "") yield instruction(buffer.trim(), start);
}

function instruction(text: string, line: number): Instruction {
  const match = /^(\S+)\s*(.*)$/s.exec(text);
  const keyword = (match?.[1] ?? "").toUpperCase();
  let rest = match?.[2] ?? "";
  const flags: Record<string, string> = {};
  for (;;) {
    const flag = /^--([\w-]+)=(\S+)\s+/.exec(rest);
    if (!flag) break;
    flags[flag[1] as string] = flag[2] as string;
    rest = rest.slice(flag[0].length);
  }
  const result: Instruction = { keyword, flags, args: rest, line };
  if (rest.startsWith("[")) {
    const parsed: unknown = JSON.parse(rest);
    if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === "string"))
      throw new Error(`line ${line}: ${keyword} exec form must be a JSON array of strings`);
    result.exec = parsed;
  }
  return result;
}

/** `ENV a=1 b=2` pairs of a stage, in order (later wins). Quoted values are unquoted. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== "ENV") continue;
    for (const pair of args.matchAll(/(\w+)=("[^"]*"|\S*)/g))
      env[pair[1] as string] = (pair[2] as string).replace(/^"|"$/g, "");
  }
  return env;
}

/** Sources and destination of a COPY: `COPY a b ./` → { sources: [a, b], destination: ./ }. */
export function copyParts(copy: Instruction): { sources: string[]; destination: string } {
  const parts = copy.exec ?? copy.args.split(/\s+/);
  return { sources: parts.slice(0, -1), destination: parts.at(-1) ?? "" };
}
