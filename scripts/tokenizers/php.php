<?php
// Paths on stdin; prints path, code, comment and blank lines by token_get_all: code where a
// token other than a comment or whitespace touches a line; files with inline HTML are left out.
function classes($path) {
  $src = file_get_contents($path);
  if (strncmp($src, "\xEF\xBB\xBF", 3) === 0) $src = substr($src, 3);
  $toks = token_get_all($src);
  $cls = [];
  $line = 1;
  foreach ($toks as $t) {
    if (is_array($t)) { [$id, $text, $line] = $t; } else { $id = null; $text = $t; }
    if ($id === T_INLINE_HTML && trim($text) !== '' ) return null;
    if ($id === T_WHITESPACE || $id === T_INLINE_HTML) { $line += substr_count($text, "\n"); continue; }
    $k = ($id === T_COMMENT || $id === T_DOC_COMMENT) ? 'm' : 'c';
    foreach (explode("\n", $text) as $j => $piece) {
      if (trim($piece) === '') continue;
      $l = $line + $j;
      if ($k === 'c') $cls[$l] = 'c'; elseif (!isset($cls[$l])) $cls[$l] = 'm';
    }
    $line += substr_count($text, "\n");
  }
  $lines = explode("\n", $src);
  if (end($lines) === '') array_pop($lines);
  $out = '';
  foreach ($lines as $i => $l) {
    $n = $i + 1;
    $out .= trim($l) === '' ? 'b' : ($n === 1 && strncmp($l, '#!', 2) === 0 ? 'c' : ($cls[$n] ?? 'c'));
  }
  return $out;
}
foreach (explode("\n", stream_get_contents(STDIN)) as $p) {
  if ($p === '') continue;
  $s = classes($p);
  if ($s === null) continue;
  echo $p, "\t", substr_count($s, 'c'), "\t", substr_count($s, 'm'), "\t", substr_count($s, 'b'), "\n";
}
