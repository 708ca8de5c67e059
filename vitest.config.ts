import { defineConfig } from "vitest/config";

/**
 * Suites that need neither Redis nor Postgres (pure logic, real git and child processes at
 * most): they run without the global set-up, so `npx vitest run --project unit` works on a
 * machine with no services. Every other test file is integration, so a new suite gets the
 * services unless it is listed here.
 */
const unitTests = [
  "test/analysis/*.test.ts",
  "test/api/client-address.test.ts",
  "test/api/cors.test.ts",
  "test/config.test.ts",
  "test/deploy/blueprint.test.ts",
  "test/deploy/deploy-docs.test.ts",
  "test/deploy/dockerfile.test.ts",
  "test/docs.test.ts",
  "test/queue/repo-url.test.ts",
  "test/supervisor/readiness-units.test.ts",
  "test/supervisor/units.test.ts",
  "test/supervisor/watchdog-units.test.ts",
  "test/web/build.test.ts",
  "test/web/report-charts.test.ts",
  "test/web/serve.test.ts",
  "test/worker/sandbox.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites spawn real processes and share one Redis and one Postgres; two files at a
    // time keeps a 2-core machine responsive while still overlapping I/O waits.
    maxWorkers: 2,
    // Projects of one group order run at the same time, each with its own workers: the unit
    // suites go first so the integration ones keep the machine as they had it, two files at once.
    projects: [
      { extends: true, test: { name: "unit", include: unitTests, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["test/**/*.test.ts"],
          exclude: unitTests,
          globalSetup: ["test/global-setup.ts"],
        },
      },
    ],
  },
});
