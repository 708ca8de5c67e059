import type { Syntax } from "../../src/analysis/languages/syntax.ts";

/**
 * A syntax's own openers, closers, quotes and escapes, its dialect's included: what its counter
 * looks for, and so the text that costs it most, for the tests' and benchmarks' worst inputs.
 */
export function markersOf(g: Syntax, options: { closers: boolean }): string[] {
  return [
    ...(g.column0Block ?? []).flat(),
    ...g.line,
    ...(g.lineStart ?? []),
    ...(g.column0Line ?? []),
    ...(g.indentedBlock ?? []),
    ...(g.indentedBlockClose ? [g.indentedBlockClose] : []),
    ...g.block.flat(),
    ...(g.lineStartBlock ?? []).flat(),
    ...(g.edgeClosedBlock ?? []).flat(),
    ...(g.statementBlock?.blocks ?? []).flat(),
    ...(g.nestingBlock ?? []).flat(),
    ...(g.forms ?? []).flat(),
    ...(g.lineStartForms ?? []).flat(),
    ...(g.aloneBlock ?? []).flat(),
    ...(g.closedAloneBlock ?? []).flat(),
    ...(g.aloneEnd ?? []),
    ...(g.aloneStop ?? []),
    ...(g.endTokens ?? []),
    ...(g.aloneLine ?? []),
    ...g.strings.flatMap((s) =>
      options.closers
        ? [s.open, s.close, ...(s.notClose ?? []), s.escapeWith ?? "\\"]
        : [s.open, s.escapeWith ?? "\\"],
    ),
    ...(g.dialect ? [g.dialect.marker, markersOf(g.dialect.syntax, options)].flat() : []),
  ];
}
