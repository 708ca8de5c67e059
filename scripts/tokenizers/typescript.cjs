// Paths on stdin; prints path, code, comment and blank lines by TypeScript's parser: code where
// a token touches a line (JSDoc aside), comment where only other text (trivia) does. It needs
// TypeScript's JavaScript API, which TypeScript 7 has not: TYPESCRIPT_API names a TypeScript 5.
const ts = require(process.env.TYPESCRIPT_API ?? "typescript");
const fs = require("node:fs");
const kindOf = (p) =>
  p.endsWith(".tsx")
    ? ts.ScriptKind.TSX
    : /\.[mc]?ts$/.test(p)
      ? ts.ScriptKind.TS
      : p.endsWith(".jsx")
        ? ts.ScriptKind.JSX
        : ts.ScriptKind.JS;
function classes(p) {
  let text = fs.readFileSync(p, "utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const sf = ts.createSourceFile(p, text, ts.ScriptTarget.Latest, false, kindOf(p));
  if (sf.parseDiagnostics?.length) return null;
  const code = new Uint8Array(text.length + 1);
  const visit = (node) => {
    for (const child of node.getChildren(sf)) {
      if (child.kind >= ts.SyntaxKind.FirstJSDocNode && child.kind <= ts.SyntaxKind.LastJSDocNode)
        continue;
      if (child.kind < ts.SyntaxKind.FirstNode || child.kind === ts.SyntaxKind.JsxText) {
        const s = child.getStart(sf),
          e = child.end;
        if (child.kind !== ts.SyntaxKind.EndOfFileToken) code.fill(1, s, e);
      } else visit(child);
    }
  };
  visit(sf);
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  let pos = 0,
    c = 0,
    m = 0,
    b = 0;
  lines.forEach((l, i) => {
    let hasCode = false,
      hasOther = false;
    for (let k = 0; k < l.length; k++) {
      const ch = l[k];
      if (
        ch === " " ||
        ch === "\t" ||
        ch === "\r" ||
        ch === "\f" ||
        ch === "\v" ||
        ch === "\u00a0" ||
        ch === "\ufeff"
      )
        continue;
      if (code[pos + k]) hasCode = true;
      else hasOther = true;
    }
    pos += l.length + 1;
    if (!hasCode && !hasOther) b++;
    else if (hasCode || (i === 0 && l.startsWith("#!"))) c++;
    else m++;
  });
  return { c, m, b };
}
const files = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
const res = [];
for (const p of files) {
  try {
    const r = classes(p);
    if (r) res.push(`${p}\t${r.c}\t${r.m}\t${r.b}`);
  } catch {}
}
process.stdout.write(`${res.join("\n")}\n`);
