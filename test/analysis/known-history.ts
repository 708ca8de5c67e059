import type { HotspotReport, OwnershipReport } from "../../src/analysis/report.ts";

/**
 * The figures of the repository test/analysis/hotspots.test.ts builds (six commits, two each by
 * Ada, Grace and Linus; src/core.ts changed by four of them, src/util.py by two), for the tests
 * that check them and those that hand them on (the summary's).
 */
export const KNOWN_OWNERSHIP: OwnershipReport = {
  commits: 6,
  contributors: 3,
  busFactor: 2,
  owners: [
    { name: "Ada", commits: 2, share: 33.33 },
    { name: "Grace", commits: 2, share: 33.33 },
    { name: "Linus", commits: 2, share: 33.33 },
  ],
};

export const KNOWN_HOTSPOTS: HotspotReport[] = [
  {
    path: "src/core.ts",
    language: "TypeScript",
    commits: 4,
    complexity: 6,
    score: 24,
    authors: 3,
    busFactor: 1,
    owners: [
      { name: "Grace", commits: 2, share: 50 },
      { name: "Ada", commits: 1, share: 25 },
      { name: "Linus", commits: 1, share: 25 },
    ],
  },
  {
    path: "src/util.py",
    language: "Python",
    commits: 2,
    complexity: 6,
    score: 12,
    authors: 1,
    busFactor: 1,
    owners: [{ name: "Ada", commits: 2, share: 100 }],
  },
];
