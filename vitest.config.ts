import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites spawn real processes and share one Redis and one Postgres; two files at a
    // time keeps a 2-core machine responsive while still overlapping I/O waits.
    maxWorkers: 2,
  },
});
