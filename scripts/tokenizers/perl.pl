# Paths on stdin; prints path, code, comment and blank lines by PPI: code where a significant
# token touches a line; comments: # lines, POD and what follows __END__ or __DATA__.
use strict; use warnings;
use PPI;
sub classes {
  my ($path) = @_;
  my $doc = PPI::Document->new($path) or return undef;
  $doc->index_locations;
  open my $fh, '<:raw', $path or return undef;
  local $/; my $src = <$fh>; close $fh;
  my @lines = split /\n/, $src, -1;
  pop @lines if @lines && $lines[-1] eq '';
  my %cls;
  for my $t ($doc->tokens) {
    next if $t->isa('PPI::Token::Whitespace');
    my $k = ($t->isa('PPI::Token::Comment') || $t->isa('PPI::Token::Pod') || $t->isa('PPI::Token::End') || $t->isa('PPI::Token::Data')) ? 'm' : 'c';
    my $line = $t->line_number or next;
    my @pieces = split /\n/, $t->content, -1;
    for my $j (0 .. $#pieces) {
      next if $pieces[$j] =~ /^\s*$/;
      my $l = $line + $j;
      if ($k eq 'c') { $cls{$l} = 'c' } else { $cls{$l} //= 'm' }
    }
  }
  my $out = '';
  for my $i (0 .. $#lines) {
    my $n = $i + 1; my $l = $lines[$i];
    $out .= $l =~ /^\s*$/ ? 'b' : ($n == 1 && $l =~ /^#!/) ? 'c' : ($cls{$n} // 'c');
  }
  return $out;
}
while (my $p = <STDIN>) {
  chomp $p; next unless length $p;
  my $s = eval { classes($p) }; next unless defined $s;
  my ($c, $m, $b) = (($s =~ tr/c//), ($s =~ tr/m//), ($s =~ tr/b//));
  print "$p\t$c\t$m\t$b\n";
}
