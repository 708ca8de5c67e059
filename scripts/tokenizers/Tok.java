// Paths on stdin; prints path, code, comment and blank lines by javac's own scanner: code where
// a token touches a line, comment where only other text (the scanner's trivia) does.
import com.sun.tools.javac.parser.*;
import com.sun.tools.javac.util.*;
import java.nio.file.*;
import java.io.*;

public class Tok {
  static String classes(String path) throws IOException {
    String text = Files.readString(Path.of(path));
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    Context ctx = new Context();
    Log.instance(ctx).useSource(null);
    ScannerFactory f = ScannerFactory.instance(ctx);
    Scanner s = f.newScanner(text, false);
    boolean[] code = new boolean[text.length() + 1];
    for (s.nextToken(); s.token().kind != Tokens.TokenKind.EOF; s.nextToken()) {
      Tokens.Token t = s.token();
      if (t.kind == Tokens.TokenKind.ERROR) return null;
      for (int i = t.pos; i < t.endPos && i < text.length(); i++) code[i] = true;
    }
    String[] lines = text.split("\n", -1);
    int n = lines.length;
    if (n > 0 && lines[n - 1].isEmpty()) n--;
    StringBuilder out = new StringBuilder();
    int pos = 0;
    for (int i = 0; i < n; i++) {
      String l = lines[i];
      boolean c = false, other = false;
      for (int k = 0; k < l.length(); k++) {
        char ch = l.charAt(k);
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f') continue;
        if (code[pos + k]) c = true; else other = true;
      }
      pos += l.length() + 1;
      out.append(!c && !other ? 'b' : c ? 'c' : 'm');
    }
    return out.toString();
  }
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    String p;
    while ((p = in.readLine()) != null) {
      if (p.isEmpty()) continue;
      try {
        String s = classes(p);
        if (s == null) continue;
        long c = s.chars().filter(x -> x == 'c').count(), m = s.chars().filter(x -> x == 'm').count(), b = s.chars().filter(x -> x == 'b').count();
        System.out.println(p + "\t" + c + "\t" + m + "\t" + b);
      } catch (Throwable e) { }
    }
  }
}
