# Paths on stdin, the language (c, c++, objective-c) as the argument; prints path, code, comment
# and blank lines by clang's raw lexer (`clang -cc1 -dump-raw-tokens`): a line is code where a
# token other than a comment touches it (a line splice is none), a comment where only comments do.
import re, subprocess, sys

TOKEN = re.compile(r"(\w+) '(.*?)'\t(?:(?!Loc=<).)*?Loc=<[^\n]*?:(\d+):(\d+)>\n", re.S)

def classes(path, language):
    dump = subprocess.run(['clang', '-cc1', '-dump-raw-tokens', '-x', language, path],
                          capture_output=True).stderr.decode('utf-8', 'replace')
    lines = open(path, 'rb').read().decode('utf-8', 'replace').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    kinds = {}
    for kind, text, line, _ in TOKEN.findall(dump):
        if kind == 'unknown' and text.strip() == '':
            continue
        for j, piece in enumerate(text.split('\n')):
            if piece.strip() in ('', '\\'):
                continue
            if kind == 'comment':
                kinds.setdefault(int(line) + j, 'm')
            else:
                kinds[int(line) + j] = 'c'
    return ''.join('b' if l.strip() == '' else kinds.get(n, 'c') for n, l in enumerate(lines, 1))

for path in sys.stdin.read().split('\n'):
    if path:
        s = classes(path, sys.argv[1])
        print(path, s.count('c'), s.count('m'), s.count('b'), sep='\t')
