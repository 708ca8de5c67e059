import { npmCaFile } from "../lib/npm-ca.ts";
import { RUN_LABEL } from "./container.ts";
import { podman, podmanRun } from "./podman.ts";

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Builds Dockerfile.combined of `context` as `tag`, labelled for {@link removeRunLeftovers},
 * with npm's CA file (if npm has one) as the build secret npm_ca; prints each layer's size.
 */
export async function buildImage(
  tag: string,
  context: string,
  say: (line: string) => void,
): Promise<{ seconds: number; sizeMb: number; caFile: string | undefined }> {
  const caFile = npmCaFile();
  const started = Date.now();
  const run = await podmanRun(
    [
      "build",
      "--network",
      "host",
      "--label",
      `${RUN_LABEL}=${tag}`,
      ...(caFile ? ["--secret", `id=npm_ca,src=${caFile}`] : []),
      "--file",
      "Dockerfile.combined",
      "--tag",
      tag,
      context,
    ],
    1_200_000,
  );
  if (run.code !== 0)
    throw new Error(`podman build failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  const seconds = Math.round((Date.now() - started) / 1000);
  const history = JSON.parse(await podman(["history", "--format", "json", tag])) as {
    size: number;
    CreatedBy: string;
  }[];
  for (const layer of history.reverse().filter((l) => l.size > 0))
    say(
      `  layer ${String(mb(layer.size)).padStart(4)} MB  ${layer.CreatedBy.replace(/\s+/g, " ").replace("/bin/sh -c ", "").slice(0, 110)}`,
    );
  const size = Number((await podman(["image", "inspect", "--format", "{{.Size}}", tag])).trim());
  return { seconds, sizeMb: mb(size), caFile };
}

/** The current set of image ids, to tell a run's images from those there before it. */
export async function imageIds(): Promise<Set<string>> {
  return new Set(
    (await podman(["images", "--all", "--quiet", "--no-trunc"])).split("\n").filter(Boolean),
  );
}

/** Removes the containers labelled with `runLabel` and every image made since `imagesBefore`. */
export async function removeRunLeftovers(runLabel: string, imagesBefore: Set<string>) {
  const containers = (
    await podman(["ps", "--all", "--quiet", "--filter", `label=${RUN_LABEL}=${runLabel}`])
  )
    .split("\n")
    .filter(Boolean);
  if (containers.length > 0) await podmanRun(["rm", "--force", "--time", "0", ...containers]);
  // Every image the build made (the runtime image, the build stage and its cached layers),
  // newest first so each is no longer a parent when it is removed; the base stays.
  const made = [...(await imageIds())].filter((id) => !imagesBefore.has(id));
  if (made.length > 0) await podmanRun(["rmi", "--force", ...made], 120_000);
}
