import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { transportConfig } from "../../src/analysis/clone.ts";
import { gitTls } from "../../src/analysis/git-tls.ts";
import { type TempDir, tempDir } from "./fixtures.ts";

const SYSTEM = "-----BEGIN CERTIFICATE-----\nc3lzdGVt\n-----END CERTIFICATE-----";
const EXTRA = "-----BEGIN CERTIFICATE-----\nZXh0cmE=\n-----END CERTIFICATE-----\n";

describe("gitTls", () => {
  let dir: TempDir;
  let box: string;
  let system: string;
  let extra: string;

  beforeEach(() => {
    dir = tempDir("git-tls");
    box = path.join(dir.path, "job");
    mkdirSync(box);
    // A bundle without a final newline, as some are.
    system = path.join(dir.path, "system.crt");
    writeFileSync(system, SYSTEM);
    extra = path.join(dir.path, "extra.pem");
    writeFileSync(extra, EXTRA);
  });
  afterEach(() => dir.remove());

  it("trusts the system's bundle as it is, with an empty directory for libcurl's", async () => {
    const tls = await gitTls(box, undefined, [path.join(dir.path, "absent.crt"), system]);
    expect(tls).toEqual({ caFile: system, caDir: path.join(box, "ca-dir") });
    expect(readdirSync(path.join(box, "ca-dir"))).toEqual([]);
    expect(transportConfig(undefined, tls)).toEqual([
      `http.sslCAInfo=${system}`,
      `http.sslCAPath=${path.join(box, "ca-dir")}`,
    ]);
  });

  it("appends GIT_CA_BUNDLE's authorities to the system's in one file of the job's", async () => {
    const tls = await gitTls(box, extra, [system]);
    expect(tls).toEqual({ caFile: path.join(box, "ca.pem"), caDir: path.join(box, "ca-dir") });
    // Each PEM block starts on a line of its own.
    expect(readFileSync(path.join(box, "ca.pem"), "utf8")).toBe(`${SYSTEM}\n${EXTRA}`);
    expect(readFileSync(system, "utf8")).toBe(SYSTEM);
  });

  it("leaves libcurl's defaults where no system bundle is found", async () => {
    const nowhere = [path.join(dir.path, "absent.crt")];
    expect(await gitTls(box, extra, nowhere)).toEqual({ caFile: extra });
    expect(await gitTls(box, undefined, nowhere)).toBeUndefined();
    expect(readdirSync(box)).toEqual([]);
  });

  it("narrows to the root the host was checked with, only when it is one trusted here", async () => {
    const wide = { caFile: system, caDir: path.join(box, "ca-dir") };
    const narrowed = await gitTls(box, undefined, [system], `${SYSTEM}\n`);
    expect(narrowed).toEqual({ caFile: path.join(box, "anchor.pem"), caDir: wide.caDir, wide });
    expect(readFileSync(path.join(box, "anchor.pem"), "utf8")).toBe(`${SYSTEM}\n`);
    // GIT_CA_BUNDLE's authority is trusted too.
    const other = path.join(dir.path, "other");
    mkdirSync(other);
    expect(await gitTls(other, extra, [system], EXTRA)).toMatchObject({
      caFile: path.join(other, "anchor.pem"),
      wide: { caFile: path.join(other, "ca.pem") },
    });
  });

  it("keeps every root for an anchor the machine does not trust, or one that is not one certificate", async () => {
    const wide = { caFile: system, caDir: path.join(box, "ca-dir") };
    const stranger = "-----BEGIN CERTIFICATE-----\nc3RyYW5nZXI=\n-----END CERTIFICATE-----\n";
    const boxes = ["a", "b", "c", "d"].map((name) => {
      mkdirSync(path.join(box, name));
      return path.join(box, name);
    });
    expect(await gitTls(boxes[0] as string, undefined, [system], stranger)).toEqual({
      ...wide,
      caDir: path.join(boxes[0] as string, "ca-dir"),
    });
    expect(
      await gitTls(boxes[1] as string, undefined, [system], `${SYSTEM}\n${SYSTEM}`),
    ).not.toHaveProperty("wide");
    expect(
      await gitTls(boxes[2] as string, undefined, [system], "not a certificate"),
    ).not.toHaveProperty("wide");
    // The same certificate wrapped otherwise than the bundle has it: not found, not narrowed.
    expect(
      await gitTls(boxes[3] as string, undefined, [system], SYSTEM.replace("c3lz", "c3lz\n")),
    ).not.toHaveProperty("wide");
    for (const b of boxes) expect(readdirSync(b)).toEqual(["ca-dir"]);
  });

  it("fails when GIT_CA_BUNDLE has gone since start, rather than trust less", async () => {
    await expect(gitTls(box, path.join(dir.path, "gone.pem"), [system])).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
