# Paths on stdin; prints path, code, comment and blank lines by Ruby's Ripper: code where a
# token other than a comment touches a line; comments: # lines, =begin blocks and what follows
# __END__ (whose own line is code, RepoLens's convention, as the first line's #! is).
require 'ripper'

def classes(path)
  src = File.binread(path).force_encoding('UTF-8').delete_prefix("\uFEFF")
  return nil unless src.valid_encoding?
  lines = src.split("\n", -1)
  lines.pop if lines.last == ''
  kinds = {}
  end_line = nil
  Ripper.lex(src).each do |(pos, type, tok, _)|
    kind = case type
           when :on_sp, :on_nl, :on_ignored_nl, :on_words_sep then next
           when :on_comment, :on_embdoc_beg, :on_embdoc, :on_embdoc_end then 'm'
           when :on___end__ then end_line = pos[0]; 'c'
           else 'c'
           end
    tok.split("\n", -1).each_with_index do |piece, k|
      next if piece.strip.empty?
      kind == 'c' ? kinds[pos[0] + k] = 'c' : kinds[pos[0] + k] ||= 'm'
    end
  end
  lines.each_with_index.map do |line, i|
    n = i + 1
    if line.strip.empty? then 'b'
    elsif n == 1 && line.start_with?('#!') then 'c'
    elsif end_line && n > end_line then 'm'
    else kinds[n] || 'c'
    end
  end.join
end

STDIN.read.split("\n").each do |path|
  s = classes(path) or next
  puts [path, s.count('c'), s.count('m'), s.count('b')].join("\t")
end
