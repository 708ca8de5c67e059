/**
 * A clone's `.git/config` text without what makes its remote a promisor, which git would ask
 * for any object the clone lacks: the `[remote "origin"]` section (its url, `promisor` and
 * `partialclonefilter`) and `partialclone` under `[extensions]` (newer git writes it; 2.39 does
 * not). Everything else is kept, line for line.
 *
 * git wrote the file moments before, in its own form: one `[section]` or `[section "sub"]`
 * header a line, each value on an indented line of its own (a value holds no newline: git
 * quotes it). So a section is what follows its header line up to the next one. Section and key
 * names are case-insensitive, subsection names are not (git-config(1)).
 */
export function withoutPromisor(config: string): string {
  const kept: string[] = [];
  let section = "";
  for (const line of config.split(/(?<=\n)/)) {
    const header = /^\s*\[\s*([\w.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header)
      section = `${header[1]?.toLowerCase()}${header[2] === undefined ? "" : ` "${header[2]}"`}`;
    if (section === 'remote "origin"') continue;
    if (section === "extensions" && /^\s*partialclone\s*=/i.test(line)) continue;
    kept.push(line);
  }
  return kept.join("");
}
