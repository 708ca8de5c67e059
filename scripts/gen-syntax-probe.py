"""Comment and string syntax of Pygments lexers, TextMate grammars, Prism components and
highlight.js grammars, found by asking them.

Run by scripts/gen-syntax-pygments.ts, scripts/gen-syntax-textmate.ts,
scripts/gen-syntax-prism.ts and scripts/gen-syntax-hljs.ts, which give the source to read and the
branch words:

    python3 -S -I gen-syntax-probe.py pygments <branch words as JSON> <dir holding pygments>
    python3 -S -I gen-syntax-probe.py textmate <branch words as JSON> <scope names as JSON> \
        <node> <gen-syntax-textmate-tokenizer.ts> tm-grammars <tm-grammars dir>
    python3 -S -I gen-syntax-probe.py textmate <branch words as JSON> <scope names as JSON> \
        <node> <gen-syntax-textmate-tokenizer.ts> starry-night <starry-night dir>
    python3 -S -I gen-syntax-probe.py prism <branch words as JSON> <component ids as JSON> \
        <node> <gen-syntax-prism-tokenizer.ts> <prismjs dir> <component ids as JSON>
    python3 -S -I gen-syntax-probe.py hljs <branch words as JSON> <language ids as JSON> \
        <node> <node options> <gen-syntax-hljs-tokenizer.ts> <highlight.js dir> \
        <language ids as JSON> <other packages' grammar files as JSON>

Prints one JSON object whose "lexers" hold, for each lexer (or grammar) with at least one comment
marker, the markers (line, line-start-only, block, nested), strings and branch words it
tokenises as such; for Pygments also each lexer's name, aliases and file globs, and its version.

Candidates come from the literal beginnings of the lexer's own comment and string rules, and
from the markers languages commonly use; each is kept only if the lexer, run on a short probe,
marks the text after it as a comment (or a string) and the code after its end as neither. The
rules are regular expressions with states, which could not be read reliably any other way.

The probe sees a lexer only through two questions, answered by PygmentsLexer or TokenizerLexer
(a TextMate grammar, a Prism component or a highlight.js grammar, through its tokenizer
process): the kind of each character of a text (c comment, s string, h character literal, k
keyword: Pygments' Keyword, TextMate's keyword.control, Prism's and highlight.js's keyword; o
anything else, None untokenised) and the patterns of its comment ("c") or string ("sh") rules.
"""

import importlib
import json
import re
import subprocess
import sys

LINE_CANDIDATES = ["//", "#", "--", ";", ";;", "%", "!", "'", '"', "*", "\\", "NB.", "REM",
                   "rem", "::", "|", "@", "`", "dnl", "#!", "///", "%%", "⍝", "$!", "&", "##"]
BLOCK_CANDIDATES = [("/*", "*/"), ("(*", "*)"), ("{-", "-}"), ("#|", "|#"), ("<!--", "-->"),
                    ("{", "}"), ("#[", "]#"), ("###", "###"), ("{#", "#}"), ("{{!--", "--}}"),
                    ("{{!", "}}"), ("<#--", "-->"), ("<#--", "--#>"), ("%{", "%}"),
                    ("--[[", "]]"), ("#=", "=#"), ("/+", "+/"), ("{*", "*}"), ("<%#", "%>"),
                    ("(:", ":)"), ("#{", "}#"), ("<#", "#>"), ('"', '"'), ("{{/*", "*/}}"),
                    ("{%comment%}", "{%endcomment%}"), ("(comment", ")")]
STRING_CANDIDATES = ['"""', "'''", '"', "'", "`"]
# Code a line comment may follow; lexers that cannot read one of them may read another.
CODE = ("x = 1 ", "x ", "x; ", "(x) ", "1 ")
META = set(".^$*+?{}[]()|\\")


class PygmentsLexer:
    """A Pygments lexer class, asked through get_tokens_unprocessed and read through its rules."""

    def __init__(self, cls, token):
        self.cls = cls
        self.token = token
        self.lexer = cls(stripnl=False, ensurenl=False)

    def kind(self, t):
        T = self.token
        # Preprocessor lines, #! lines and Agda's {! holes !} are code that lexers colour as
        # comments.
        if (t in T.Comment and t not in T.Comment.Preproc and t not in T.Comment.PreprocFile
                and t not in T.Comment.Hashbang and t not in T.Comment.Directive):
            return "c"
        if t in T.String.Char:
            return "h"
        if t in T.String:
            return "s"
        return "k" if t in T.Keyword else "o"

    def kinds(self, text):
        out = [None] * len(text)
        for index, token, value in self.lexer.get_tokens_unprocessed(text):
            kind = self.kind(token)
            for k in range(index, min(index + len(value), len(text))):
                out[k] = kind
        return out

    def patterns(self, kind):
        """The pattern of every plain rule in a RegexLexer's states whose token is of kind."""
        from pygments.lexer import RegexLexer
        if not issubclass(self.cls, RegexLexer):
            return
        for state in getattr(self.cls, "tokens", {}).values():
            for rule in state:
                if isinstance(rule, tuple) and len(rule) >= 2 and isinstance(rule[0], str):
                    token = rule[1]
                    if token is not None and not callable(token) and self.kind(token) in kind:
                        yield rule[0]


class TokenizerLexer:
    """A TextMate grammar, a Prism component or a highlight.js grammar, asked through
    gen-syntax-textmate-tokenizer.ts, gen-syntax-prism-tokenizer.ts or
    gen-syntax-hljs-tokenizer.ts, which answer the same questions."""

    def __init__(self, tokenizer, scope):
        self.tokenizer = tokenizer
        self.scope = scope
        self.rules = None

    def ask(self, request):
        self.tokenizer.stdin.write(json.dumps({"grammar": self.scope, **request}) + "\n")
        self.tokenizer.stdin.flush()
        line = self.tokenizer.stdout.readline()
        if not line:
            # Not an Exception: a probe must not read a dead tokenizer as "no comment here".
            sys.exit(f"the tokenizer stopped while reading {self.scope}")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer

    def kinds(self, text):
        return list(self.ask({"text": text})["kinds"])

    def patterns(self, kind):
        self.rules = self.rules or self.ask({"rules": True})
        return self.rules["comment" if "c" in kind else "string"]


def is_comment(k):
    return k == "c"


def is_string(k):
    return k in ("s", "h")


def spans(text, word):
    start = text.index(word)
    return range(start, start + len(word))


def all_of(ts, text, word, test):
    return all(ts[k] is not None and test(ts[k]) for k in spans(text, word))


def none_of(ts, text, word, test):
    return not any(ts[k] is not None and test(ts[k]) for k in spans(text, word))


def literal_prefix(pattern):
    """The literal text a regular expression starts with ('//' for r'//.*?$'), or ''."""
    p = re.sub(r"^(\(\?[a-z]+\))+", "", pattern)
    p = p.lstrip("^")
    out = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            if i + 1 < len(p) and not p[i + 1].isalnum():
                out.append(p[i + 1])
                i += 2
                continue
            break
        # A brace that opens no {n}, {n,} or {n,m} is itself (Antlers' {{# comments).
        if c == "{" and not re.match(r"\{\d+(,\d*)?\}", p[i:]):
            out.append(c)
            i += 1
            continue
        if c in META:
            # A quantifier takes the character before it back out of the literal.
            if c in "*?{" and out:
                out.pop()
            break
        out.append(c)
        i += 1
    return "".join(out).strip()


def candidates(lexer, kind, fixed):
    found = []
    for pattern in lexer.patterns(kind):
        lit = literal_prefix(pattern)
        if lit and not lit.isspace():
            found.append(lit)
    return list(dict.fromkeys(found + fixed))


def safe_kinds(lexer, text):
    try:
        return lexer.kinds(text)
    except Exception:  # noqa: BLE001 - a lexer that cannot read a probe gives no answer
        return None


def line_marker(lexer, marker):
    """'any', 'start' (only as a line's first text), or None."""
    def works(prefix):
        text = f"{prefix}{marker} zqx zqy\nqzz = 2\n"
        ts = safe_kinds(lexer, text)
        return (ts is not None and all_of(ts, text, "zqx zqy", is_comment)
                and none_of(ts, text, "qzz", is_comment))
    if not works(""):
        return None
    return "any" if any(works(code) for code in CODE) else "start"


def block_marker(lexer, opener, closer):
    text = f"x = 1 {opener} zqx\nzqy {closer} qzz = 2\nqzw\n"
    ts = safe_kinds(lexer, text)
    if ts is None or not all_of(ts, text, "zqx", is_comment) or not all_of(ts, text, "zqy",
                                                                          is_comment):
        return False
    return none_of(ts, text, "qzz", is_comment) and none_of(ts, text, "qzw", is_comment)


def nests(lexer, opener, closer):
    if opener == closer:
        return False
    text = f"x = 1 {opener} a {opener} b {closer} zqz {closer} qzz = 2\n"
    ts = safe_kinds(lexer, text)
    return (ts is not None and all_of(ts, text, "zqz", is_comment)
            and none_of(ts, text, "qzz", is_comment))


def string_rule(lexer, quote, marker):
    """The string that quote opens, if the lexer hides the comment marker inside it."""
    # A lone quote inside tells a triple-quoted string from an empty one and a single one.
    inner = f"zqx {quote[0]} {marker} zqy" if len(quote) == 3 else f"zqx {marker} zqy"
    text = f"x = {quote}{inner}{quote} + qzz\n"
    ts = safe_kinds(lexer, text)
    if ts is None or not all_of(ts, text, inner, is_string):
        return None
    if not none_of(ts, text, "qzz", lambda t: is_string(t) or is_comment(t)):
        return None
    escaped = f"x = {quote}zqx\\{quote} {marker} zqy{quote} + qzz\n"
    te = safe_kinds(lexer, escaped)
    escape = te is not None and all_of(te, escaped, f"{marker} zqy", is_string)
    multi = f"x = {quote}zqx\n{marker} zqy{quote} + qzz\n"
    tm = safe_kinds(lexer, multi)
    multiline = tm is not None and all_of(tm, multi, f"{marker} zqy", is_string)
    return {"open": quote, "close": quote, "escape": escape, "multiline": multiline}


def char_literal(lexer):
    text = "x = 'a' + qzz\n"
    ts = safe_kinds(lexer, text)
    if ts is None or ts[text.index("a")] != "h":
        return None
    return {"open": "'", "close": "'", "escape": True, "multiline": False, "charLiteral": True}


MIRRORED = str.maketrans("()[]{}<>", ")(][}{><")


def mirror(opener):
    return opener[::-1].translate(MIRRORED)


def shortest(markers):
    """Markers that hold no other marker: '#!' and '=#' are comments because '#' is."""
    return [m for m in markers if not any(o != m and o in m for o in markers)]


def narrowest(lexer, opener, closer):
    """The pair without the characters the comment does not need: '#[' ... ']#' works in
    Inform 7 because '[' ... ']' does."""
    while True:
        for o, c in ((opener[1:], closer), (opener, closer[:-1]), (opener[:-1], closer),
                     (opener, closer[1:])):
            if o and c and block_marker(lexer, o, c):
                opener, closer = o, c
                break
        else:
            return opener, closer


def probe(lexer, branch_words):
    line, line_start = [], []
    for marker in candidates(lexer, "c", LINE_CANDIDATES):
        # One letter (Fortran's C) would also be the first letter of a line of code.
        if len(marker) == 1 and marker.isalpha():
            continue
        where = line_marker(lexer, marker)
        if where == "any":
            line.append(marker)
        elif where == "start":
            line_start.append(marker)
    line = shortest(line)
    line_start = [m for m in shortest(line_start) if not any(o in m for o in line)]
    openers = candidates(lexer, "c", [o for o, _ in BLOCK_CANDIDATES])
    # An opener's mirror closes it in most languages ('#-' ... '-#', '(*' ... '*)').
    closers = {o: [c for b, c in BLOCK_CANDIDATES if b == o] + [mirror(o)] for o in openers}
    extracted_closers = candidates(lexer, "c", [])
    block = []
    for opener in openers:
        if opener in line:
            continue
        for closer in dict.fromkeys(closers.get(opener, []) + extracted_closers):
            if block_marker(lexer, opener, closer):
                block.append(narrowest(lexer, opener, closer))
                break
    # '{{/*' ... '*/}}' is a comment because '/*' ... '*/' is.
    block = list(dict.fromkeys(block))
    block = [(o, c) for o, c in block
             if not any(o2 != o and o2 in o and c2 in c for o2, c2 in block)]
    if not line and not line_start and not block:
        return None
    nested = any(nests(lexer, o, c) for o, c in block)
    marker = (line or [o for o, _ in block] or line_start)[0]
    strings = []
    quotes = candidates(lexer, "sh", STRING_CANDIDATES)
    for quote in sorted((q for q in quotes if q in STRING_CANDIDATES), key=len, reverse=True):
        if any(quote == o for o, _ in block) or quote in line:
            continue
        rule = string_rule(lexer, quote, marker)
        if rule:
            strings.append(rule)
        elif quote == "'":
            rule = char_literal(lexer)
            if rule:
                strings.append(rule)
    complexity = []
    # A lexer that colours every word as a keyword (EBNF's) says nothing of branches.
    ts = safe_kinds(lexer, "zqx x\n")
    for word in branch_words if ts and ts[0] is not None and ts[0] != "k" else []:
        ts = safe_kinds(lexer, f"{word} x\n")
        if ts and ts[0] == "k" and ts[len(word) - 1] == "k":
            complexity.append(word)
    return {"line": line, "lineStart": line_start, "block": block, "nested": nested,
            "strings": strings, "complexity": sorted(complexity)}


def pygments_lexers(site_packages, branch_words):
    """Every lexer of the Pygments under site_packages (the only one read) that has comments."""
    sys.path.insert(0, site_packages)
    import pygments
    from pygments import token
    from pygments.lexers._mapping import LEXERS
    out = []
    for class_name, (module, name, aliases, filenames, _mimes) in sorted(LEXERS.items()):
        try:
            cls = getattr(importlib.import_module(module), class_name)
            found = probe(PygmentsLexer(cls, token), branch_words)
        except Exception:  # noqa: BLE001 - one lexer that fails to load is left out
            continue
        if found:
            out.append({"lexer": class_name, "name": name, "aliases": list(aliases),
                        "filenames": list(filenames), **found})
    return {"version": pygments.__version__, "lexers": out}


def tokenizer_grammars(scopes, branch_words, tokenizer_command):
    """The grammars of scopes that have comments, each asked through one tokenizer process."""
    out = []
    with subprocess.Popen(tokenizer_command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          text=True, encoding="utf-8") as tokenizer:
        for scope in scopes:
            try:
                found = probe(TokenizerLexer(tokenizer, scope), branch_words)
            except RuntimeError:  # a grammar that does not load is left out
                continue
            if found:
                out.append({"lexer": scope, **found})
        tokenizer.stdin.close()
    return {"lexers": out}


def main():
    source, branch_words = sys.argv[1], json.loads(sys.argv[2])
    if source == "pygments":
        found = pygments_lexers(sys.argv[3], branch_words)
    else:
        # textmate, prism or hljs: a tokenizer process answers for the grammars.
        found = tokenizer_grammars(json.loads(sys.argv[3]), branch_words, sys.argv[4:])
    json.dump(found, sys.stdout)


main()
