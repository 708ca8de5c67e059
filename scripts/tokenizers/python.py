# Paths on stdin; prints path, code, comment and blank lines by Python's own tokenize: a line is
# code where a token other than a comment or a statement made only of strings (a docstring, or a
# bare string standing for a comment) touches it, blank where it holds only blanks; the first
# line's #! is code (RepoLens's convention). Files tokenize refuses are left out.
import io, sys, tokenize

def classes(path):
    src = open(path, 'rb').read()
    try:
        toks = list(tokenize.tokenize(io.BytesIO(src).readline))
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
        return None
    text = src.decode('utf-8', 'replace').removeprefix('\ufeff')
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    code, doc, logical = set(), set(), []
    def flush():
        only_strings = all(t.type == tokenize.STRING for t in logical)
        for t in logical:
            (doc if only_strings else code).update(range(t.start[0], t.end[0] + 1))
        logical.clear()
    for t in toks:
        if t.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            flush()
        elif t.type == tokenize.COMMENT:
            doc.add(t.start[0])
        elif t.type not in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
            logical.append(t)
    out = []
    for n, line in enumerate(lines, 1):
        blank = line.strip() == ''
        out.append('b' if blank else 'c' if n in code or n not in doc or (n == 1 and line.startswith('#!')) else 'm')
    return ''.join(out)

for path in sys.stdin.read().split('\n'):
    s = path and classes(path)
    if s is not None and path:
        print(path, s.count('c'), s.count('m'), s.count('b'), sep='\t')
