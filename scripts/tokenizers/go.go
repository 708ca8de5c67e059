// Paths on stdin; prints path, code, comment and blank lines by go/scanner: code where a token
// other than a comment (or a semicolon the scanner inserts) touches a line.
package main

import (
	"bufio"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"strings"
)

func classes(path string) (string, bool) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	fset := token.NewFileSet()
	file := fset.AddFile(path, fset.Base(), len(src))
	var s scanner.Scanner
	bad := false
	s.Init(file, src, func(token.Position, string) { bad = true }, scanner.ScanComments)
	cls := map[int]byte{}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		text := lit
		if text == "" {
			text = tok.String()
		}
		k := byte('c')
		if tok == token.COMMENT {
			k = 'm'
		}
		line := fset.PositionFor(pos, false).Line
		for j, piece := range strings.Split(text, "\n") {
			if strings.TrimSpace(piece) == "" {
				continue
			}
			l := line + j
			if k == 'c' {
				cls[l] = 'c'
			} else if _, ok := cls[l]; !ok {
				cls[l] = 'm'
			}
		}
	}
	if bad {
		return "", false
	}
	lines := strings.Split(string(src), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			b.WriteByte('b')
		} else if c, ok := cls[i+1]; ok {
			b.WriteByte(c)
		} else {
			b.WriteByte('c')
		}
	}
	return b.String(), true
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		p := in.Text()
		s, ok := classes(p)
		if !ok {
			continue
		}
		fmt.Printf("%s\t%d\t%d\t%d\n", p, strings.Count(s, "c"), strings.Count(s, "m"), strings.Count(s, "b"))
	}
}
