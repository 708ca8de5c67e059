/**
 * The steps of an analysis, in order. Apart from analyze.ts so that the worker, which only
 * names them, does not load the analysis library.
 */
export const ANALYSIS_STEPS = ["cloning", "scanning", "dependencies", "git", "summary"] as const;

export type AnalysisStep = (typeof ANALYSIS_STEPS)[number];
