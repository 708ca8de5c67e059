"""Comment and string syntax of every Pygments lexer, found by asking the lexer itself.

Run by scripts/gen-syntax-pygments.ts, which gives the Pygments to read and the branch words:

    python3 -S -I gen-syntax-pygments.py <dir holding the pygments package> <branch words as JSON>

Prints one JSON array: for each lexer with at least one comment marker, its name, aliases and
file globs, and the markers (line, line-start-only, block, nested), strings and branch words it
tokenises as such.

Candidates come from the literal beginnings of the lexer's own comment and string rules, and
from the markers languages commonly use; each is kept only if the lexer, run on a short probe,
marks the text after it as a comment (or a string) and the code after its end as neither. The
rules are regular expressions with states, which could not be read reliably any other way.
"""

import importlib
import json
import re
import sys

sys.path.insert(0, sys.argv[1])
BRANCH_WORDS = json.loads(sys.argv[2])

from pygments.lexer import RegexLexer  # noqa: E402
from pygments.lexers._mapping import LEXERS  # noqa: E402
from pygments.token import Comment, Keyword, String  # noqa: E402

LINE_CANDIDATES = ["//", "#", "--", ";", ";;", "%", "!", "'", '"', "*", "\\", "NB.", "REM",
                   "rem", "::", "|", "@", "`", "dnl", "#!", "///", "%%", "⍝", "$!", "&"]
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


def is_comment(t):
    # Preprocessor lines, #! lines and Agda's {! holes !} are code that lexers colour as comments.
    return (t in Comment and t not in Comment.Preproc and t not in Comment.PreprocFile
            and t not in Comment.Hashbang and t not in Comment.Directive)


def is_string(t):
    return t in String


def kinds(lexer, text):
    """The token type of each character of text."""
    out = [None] * len(text)
    for index, token, value in lexer.get_tokens_unprocessed(text):
        for k in range(index, min(index + len(value), len(text))):
            out[k] = token
    return out


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
        if c in META:
            # A quantifier takes the character before it back out of the literal.
            if c in "*?{" and out:
                out.pop()
            break
        out.append(c)
        i += 1
    return "".join(out).strip()


def rules_of(cls):
    """(pattern, token) of every plain rule in a RegexLexer's states."""
    if not issubclass(cls, RegexLexer):
        return
    for state in getattr(cls, "tokens", {}).values():
        for rule in state:
            if isinstance(rule, tuple) and len(rule) >= 2 and isinstance(rule[0], str):
                yield rule[0], rule[1]


def candidates(cls, test, fixed):
    found = []
    for pattern, token in rules_of(cls):
        if token is not None and not callable(token) and test(token):
            lit = literal_prefix(pattern)
            if lit and not lit.isspace():
                found.append(lit)
    return list(dict.fromkeys(found + fixed))


def safe_kinds(lexer, text):
    try:
        return kinds(lexer, text)
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
    if ts is None or ts[text.index("a")] not in String.Char:
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


def probe(cls):
    lexer = cls(stripnl=False, ensurenl=False)
    line, line_start = [], []
    for marker in candidates(cls, is_comment, LINE_CANDIDATES):
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
    openers = candidates(cls, is_comment, [o for o, _ in BLOCK_CANDIDATES])
    # An opener's mirror closes it in most languages ('#-' ... '-#', '(*' ... '*)').
    closers = {o: [c for b, c in BLOCK_CANDIDATES if b == o] + [mirror(o)] for o in openers}
    extracted_closers = candidates(cls, is_comment, [])
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
    quotes = candidates(cls, is_string, STRING_CANDIDATES)
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
    for word in BRANCH_WORDS if ts and ts[0] is not None and ts[0] not in Keyword else []:
        ts = safe_kinds(lexer, f"{word} x\n")
        if ts and ts[0] is not None and ts[0] in Keyword and ts[len(word) - 1] in Keyword:
            complexity.append(word)
    return {"line": line, "lineStart": line_start, "block": block, "nested": nested,
            "strings": strings, "complexity": sorted(complexity)}


def main():
    out = []
    for class_name, (module, name, aliases, filenames, _mimes) in sorted(LEXERS.items()):
        try:
            cls = getattr(importlib.import_module(module), class_name)
            found = probe(cls)
        except Exception:  # noqa: BLE001 - one lexer that fails to load is left out
            continue
        if found:
            out.append({"lexer": class_name, "name": name, "aliases": list(aliases),
                        "filenames": list(filenames), **found})
    import pygments
    json.dump({"version": pygments.__version__, "lexers": out}, sys.stdout)


main()
