/**
 * How many lines a second the supervisor's log multiplexer tags and redacts, without secrets
 * and with those a production environment sets (Redis and Postgres passwords, the OpenRouter
 * key, the admin password), on a mix of lines like the service's.
 *
 *   npm run bench:log-mux [-- --lines 200000 --runs 5]
 *
 * The lines go the production path: 64 KB chunks (a pipe's buffer) from a stream into
 * `LogMux.attach`, split, tagged, redacted and written to a sink that only counts bytes. The
 * npm script runs Node with the supervisor's production flag (--max-semi-space-size=1). Time
 * is the process's CPU time, not wall time: the figure is what the lines cost the container's
 * CPU share, and other load on the machine moves it less.
 */
import { PassThrough } from "node:stream";
import { parseArgs } from "node:util";
import { secretsFromEnv } from "../src/log/index.ts";
import { LogMux } from "../src/supervisor/log-mux.ts";
import { fmt, median, out } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "200000" },
    runs: { type: "string", default: "5" },
  },
});
const LINES = Math.max(1000, Number(values.lines));
const RUNS = Math.max(1, Number(values.runs));
const CHUNK = 64 * 1024;

const ENV = {
  REDIS_URL: "rediss://default:AYx3AAIjcDE5NzQ1ZmE0M2Q@eu1-known-cat.upstash.io:6379",
  DATABASE_URL: "postgres://neondb_owner:npg_x7Kq2LmPzR4t@ep-cool-1.eu-central-1.aws.neon.tech/db",
  OPENROUTER_API_KEY: "sk-or-v1-4f1c9a0e7b2d4c6e8a1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5",
  ADMIN_PASSWORD: "correct-horse-battery",
  REDIS_PASSWORD: "AYx3AAIjcDE5NzQ1ZmE0M2Q",
};

/** One line of each kind the service writes, in the proportions it writes them. */
function sampleLines(i: number, secret: string | null): string {
  const time = 1_796_000_000_000 + i;
  const kind = i % 20;
  if (kind < 14) {
    return `{"level":30,"time":${time},"reqId":"9f3c2a1e-${i}","req":{"method":"GET","url":"/api/analyses/42"},"res":{"statusCode":200},"responseTime":1.7,"msg":"request completed"}`;
  }
  if (kind < 17) {
    return `{"level":30,"time":${time},"jobId":"${i}","repoUrl":"https://github.com/owner/repo-${i}","step":"clone","percent":40,"msg":"progress"}`;
  }
  if (kind === 17) {
    const stack = Array.from(
      { length: 12 },
      (_, n) => `    at fn${n} (/app/dist/worker/pipeline.js:${n}:11)`,
    ).join("\\n");
    return `{"level":50,"time":${time},"err":{"type":"Error","message":"clone failed${secret ? ` ${secret}` : ""}","stack":"Error: clone failed\\n${stack}"},"msg":"job failed"}`;
  }
  return `    at Decoder._Decoder_decodeSimpleError (/app/node_modules/ioredis/built/resp/decoder.js:450:11)`;
}

function corpus(withSecret: boolean): { data: Buffer; lines: number } {
  const secret = withSecret ? (ENV.REDIS_PASSWORD as string) : null;
  const text = Array.from({ length: LINES }, (_, i) => sampleLines(i, secret)).join("\n");
  return { data: Buffer.from(`${text}\n`), lines: LINES };
}

async function run(data: Buffer, secrets: readonly string[]): Promise<number> {
  let bytes = 0;
  const sink = {
    write(line: Buffer | string) {
      bytes += line.length;
    },
  };
  const mux = new LogMux(sink, { secrets });
  const stream = new PassThrough({ highWaterMark: CHUNK });
  const started = process.cpuUsage();
  const done = mux.attach("worker", 4242, stream, null);
  for (let at = 0; at < data.length; at += CHUNK) {
    if (!stream.write(data.subarray(at, at + CHUNK)))
      await new Promise((resolve) => stream.once("drain", resolve));
  }
  stream.end();
  await done;
  const used = process.cpuUsage(started);
  if (bytes === 0) throw new Error("nothing was written");
  return (used.user + used.system) / 1000;
}

const secrets = secretsFromEnv(ENV);
const cases = [
  { name: "no secrets configured", secrets: [] as string[], withSecret: false },
  { name: `${secrets.length} secrets configured, none in the lines`, secrets, withSecret: false },
  { name: `${secrets.length} secrets, one line in 20 holds one`, secrets, withSecret: true },
];

out(
  `log-mux: ${LINES} lines a run, ${RUNS} runs of each case, interleaved; median; ${process.version}`,
);
const corpora = cases.map((c) => corpus(c.withSecret));
const times: number[][] = cases.map(() => []);
for (const [i, c] of cases.entries()) await run(corpora[i]?.data as Buffer, c.secrets); // warm-up
for (let r = 0; r < RUNS; r++) {
  for (const [i, c] of cases.entries())
    times[i]?.push(await run(corpora[i]?.data as Buffer, c.secrets));
}
const results = cases.map((c, i) => {
  const ms = median(times[i] ?? []);
  const { data, lines } = corpora[i] as { data: Buffer; lines: number };
  const result = { linesPerS: lines / (ms / 1000), mbPerS: data.length / 1e6 / (ms / 1000) };
  out(
    `  ${c.name.padEnd(44)} ${fmt(result.linesPerS / 1000, 0).padStart(6)} K lines/CPU-s  ${fmt(result.mbPerS, 0).padStart(4)} MB/CPU-s  (${fmt(data.length / lines, 0)} B/line)`,
  );
  return result;
});
const [none, configured, present] = results;
out(
  `SUMMARY log-mux: ${fmt((none?.linesPerS ?? 0) / 1000, 0)} K lines per CPU-second without secrets, ` +
    `${fmt((configured?.linesPerS ?? 0) / 1000, 0)} K with ${secrets.length} configured ` +
    `(${fmt(((configured?.linesPerS ?? 0) / (none?.linesPerS ?? 1)) * 100, 0)} %), ` +
    `${fmt((present?.linesPerS ?? 0) / 1000, 0)} K when one line in 20 holds one`,
);
