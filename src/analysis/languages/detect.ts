import {
  aliasLanguage,
  extensionCandidates,
  filenameCandidates,
  interpreterCandidates,
  languageType,
  maxExtensionDots,
} from "./catalog.ts";
import { type HeuristicsBudget, hasHeuristics, linguistHeuristics } from "./heuristics.ts";

/**
 * Language detection in GitHub Linguist's order (file name, shebang, extension, then content
 * heuristics for extensions that several languages claim: hand-written rules below for the
 * extensions people meet most, Linguist's own rules from heuristics.ts for the others). Linguist
 * ends with a Bayesian classifier; we end with a popularity order instead, which settles what
 * the heuristics leave open without shipping a trained model.
 */

// Tie-break when neither name, shebang nor heuristics decide: the language most repositories
// mean by that extension wins (".inc" → PHP before Pawn, ".s" → Assembly before Motorola 68K).
const POPULAR = [
  "JavaScript",
  "TypeScript",
  "Python",
  "Java",
  "C#",
  "C++",
  "C",
  "PHP",
  "Shell",
  "Go",
  "Ruby",
  "Rust",
  "Kotlin",
  "Swift",
  "Objective-C",
  "Scala",
  "Dart",
  "R",
  "Perl",
  "Lua",
  "HTML",
  "CSS",
  "SCSS",
  "Markdown",
  "JSON",
  "YAML",
  "XML",
  "SQL",
  "Makefile",
  "Dockerfile",
  "Haskell",
  "Elixir",
  "Erlang",
  "Clojure",
  "OCaml",
  "F#",
  "Julia",
  "MATLAB",
  "Groovy",
  "PowerShell",
  "Vue",
  "Assembly",
  "Unix Assembly",
  "Fortran",
  "Pascal",
  "Visual Basic .NET",
  "TeX",
  "Text",
  "INI",
  "TOML",
  "Common Lisp",
  "Scheme",
  "Prolog",
  "Verilog",
  "VHDL",
  "Zig",
  "Nim",
  "Crystal",
  "Solidity",
  "GLSL",
  "HLSL",
  "Roff",
  "Batchfile",
  "Puppet",
  "QMake",
  "Apex",
] as const;
const rank = new Map<string, number>(POPULAR.map((name, i) => [name, i]));

// The hand rules read this much of a file: on /usr/include, 8 KB found 99 % of the C++ headers
// that 16 KB found, in half the time. Linguist's own rules read what Linguist gives them, 50 KB
// (HEURISTICS_CONSIDER_BYTES in its heuristics.rb); heuristics.ts bounds their time.
const HEURISTIC_BYTES = 8192;
const LINGUIST_BYTES = 50 * 1024;
/** The shebang line and the four after it, where a `#!/bin/sh` may `exec` the real program. */
const SHEBANG_BYTES = 1024;

type Rule = (text: string, candidates: readonly string[]) => string | undefined;

// Linguist's named patterns "objectivec" and "cpp" (heuristics.yml); Ruby's ^ always matches at
// line starts, hence /m. Each regex runs only when its keyword occurs at all. Linguist's leading
// ^\s* is ^[ \t]* here, in every /m pattern of this file: the same matches (a line start follows
// the last newline of any \s* run), but \s* could run on over newlines from every line start,
// which made 8 KB of blank lines take a quarter of a second per file. For the same reason no two
// adjacent quantifiers here can match the same characters (`\s.*`, not `\s+.+`).
const OBJC_RE =
  /^[ \t]*(@(interface|class|protocol|property|end|synchronised|selector|implementation)\b|#import\s.*\.h[">])/m;
const OBJC = (t: string) => (t.includes("@") || t.includes("#import")) && OBJC_RE.test(t);
const CPP_RULES: [string[], RegExp][] = [
  [
    ["include"],
    /^[ \t]*#\s*include <(cstdint|string|vector|map|list|array|bitset|queue|stack|forward_list|unordered_map|unordered_set|(i|o|io)stream)>/m,
  ],
  [["template"], /^\s*template\s*</m],
  [["try", "constexpr"], /^[ \t]*(try|constexpr)/m],
  [["catch"], /^[ \t]*catch\s*\(/m],
  [["class", "namespace"], /^[ \t]*(class|(using[ \t]+)?namespace)\s+\w+/m],
  [["private:", "public:", "protected:"], /^[ \t]*(private|public|protected):$/m],
  [["__has_cpp_attribute", "__cplusplus >"], /__has_cpp_attribute|__cplusplus >/],
  [["std::"], /std::\w+/],
];
const CPP = (t: string) =>
  CPP_RULES.some(([words, re]) => words.some((w) => t.includes(w)) && re.test(t));

// Linguist's named patterns "perl" and "raku": Perl when it says `use strict` or `use v5`, `use
// constant` or `use overload`, sets @EXPORT, declares a `package X;` or calls a method `$x->m`,
// and not `use v6`; else Raku on its marks, else (our tie-break) Perl. Testing Raku's `class`
// first made every Perl module whose POD starts a line with "class" Raku.
const PERL =
  /\buse\s+(?:strict\b|v?5\b)|^[ \t]*use\s+(?:constant|overload)\b|^[ \t]*(?:\*|(?:our\s*)?@)EXPORT\s*=|^[ \t]*package\s+[A-Za-z_]\w*(?:::\w+)*\s*(?:[;{]|\sv?\d)|[\s$][A-Za-z_]\w*(?::\w+)*->[a-zA-Z_[({]/m;
const USE_V6 = /^[ \t]*use\s+v6\b/m;
// Perl statements at a line's start: they keep a Perl script with a `:-` in it (`?1:-1`, a regex's
// `(?:-`) Perl where Linguist's Prolog rule would take it. Words alone would not: a Prolog
// library's licence says "use in source and binary forms".
const PERL_STATEMENT =
  /^[ \t]*(?:use[ \t]+(?:strict|warnings|utf8|lib|constant|parent|base|vars|feature|v?5|[A-Z][\w:]*)(?![\w:])[^\n;]*;|my[ \t]+[$@%(]|sub[ \t]+\w+[ \t]*(?:\{|$))/m;
// Linguist's Raku pattern (use v6, module, class), with grammar and role declarations, which
// Linguist leaves to its classifier: as a declaration (`role Foo {`, `unit grammar G;`), since
// Perl's POD starts lines with the words too ("role of all classes", UNIVERSAL.pm).
const RAKU =
  /^[ \t]*(?:use\s+v6\b|(?:unit\s+)?module\b|(?:unit\s+)?(?:grammar|role)[ \t]+[\w:]+(?:\[[^\]\n]*\])?[ \t]*(?:\{|;|is\b|does\b|$)|(?:unit\s+|my\s+)?class\b)/m;
function perlOrRaku(t: string, raku: RegExp, otherwise = "Perl"): string {
  if (PERL.test(t) && !USE_V6.test(t)) return "Perl";
  return raku.test(t) ? "Raku" : otherwise;
}
// Linguist's Turing rule for .t, with blanks instead of its line-crossing `\s` at line starts: a
// `% ` comment line or a `var n : int := 0` declaration; and, which Linguist leaves to its
// classifier, Turing's `put` statement first on a line or the end of a loop, an if or a for,
// none of which a Perl test writes (a Hello World collection's `put "Hello World!"`).
const TURING =
  /^[ \t]*%[ \t]+|^[ \t]*var[ \t]+\w+(?:[ \t]*:[ \t]*\w+)?[ \t]*:=[ \t]*\w|^[ \t]*put[ \t]+["\w]|^[ \t]*end[ \t]+(?:loop|if|for)\b/m;
// Terra, which Linguist's .t rules leave to its classifier: a `terra name(` function at a line
// start, or Terra's standard library (`terralib.includec`).
const TERRA = /^[ \t]*(?:local[ \t]+)?terra[ \t]+[\w.:]+[ \t]*\(|\bterralib\./m;

// M (MUMPS): a label with a comment (`start ; ...`), or an indented command of those C and
// Objective-C never start a line with (`set`, `write`, `quit`, `kill`, `new`, or one letter),
// not followed by = (`s = x` is an assignment in C).
const M_ROUTINE =
  /^[%A-Za-z][A-Za-z0-9]*[ \t]+;|^[ \t]+(?:\.[ \t]*)*(?:set|write|quit|kill|new|[swqkn])[ \t](?![ \t]*=)/im;
const D_LANG =
  /^module\s+[\w.]*\s*;|import\s+[\w\s,.:]*;|\b\w+[ \t]+\w+\s*\([^()\n]*\)(?:\([^()\n]*\))?\s*\{[^}]*\}|unittest\s*(?:\([^()\n]*\))?\s*\{[^}]*\}/m;
const DTRACE =
  /^(?:\w+:\w*:\w*:\w*|BEGIN|END|provider\s|(?:tick|profile)-\w+\s+\{[^}]*\}|#pragma\s+D\s+(?:option|attributes|depends_on)\s|#pragma\s+ident\s)/m;
// A DTrace library file's other marks, which Linguist's rules leave to its classifier (it says
// DTrace for FreeBSD's libdtrace/signal.d): any `#pragma D` (`binding`), an `inline` constant, a
// `translator`. D writes none of them first on a line.
const DTRACE_LIBRARY = /^(?:#pragma[ \t]+D[ \t]|inline[ \t]+\w|translator[ \t]+\w)/m;
// Pawn's declarations and directives (SA-MP's includes): `native`, `forward`, `stock`,
// `#endinput`, tagged `Float:` values, and a variable's `new` first on its line (the Pawn
// compiler's own examples/rpnparse.inc, whose `const Number = '0'` is no Pascal constant).
const PAWN =
  /^[ \t]*(?:native|forward|stock)[ \t]+\w|#endinput\b|#pragma[ \t]+library\b|\bFloat:\w|^[ \t]*new[ \t]+\w+[ \t]*(?:\[|=|;|,|$)/m;
// SourceMod's own: its include, its pragmas, methodmaps, enum structs, Action and Handle tags.
const SOURCEPAWN =
  /#include[ \t]*<sourcemod>|#pragma[ \t]+(?:semicolon|newdecls)\b|^[ \t]*(?:methodmap|enum[ \t]+struct)[ \t]|\b(?:Action|Handle|ConVar):|\bpublic[ \t]+Plugin[ \t]+myinfo\b/m;
// BitBake's variable assignments (`SRC_URI = "..."`, `PREFERRED_PROVIDER_virtual/libc ?= "x"`)
// and its inherit and require lines.
const BITBAKE =
  /^[A-Z][\w${}/:-]*[ \t]*(?:\?\?=|\?=|:=|\+=|=\+|\.=|=\.|=)[ \t]*"|^(?:inherit|require)[ \t]+\S/m;
// Beef's declarations, C#'s: `using System;`, `namespace X;`, `class X {`.
const BEEF =
  /^[ \t]*(?:(?:namespace|using)[ \t]+[\w.]+[ \t]*[;{]|(?:(?:public|internal|static|abstract|sealed)[ \t]+)*(?:class|struct|interface|enum)[ \t]+\w+[ \t]*(?::|\{|$))/m;
const MAKEFILE_DEPS =
  /[/\\][^:\n]*:[ \t][^\n]*[ \t]\\$|: \\$|^[ %]:|^[\w \t/\\.]*\.\w+[ \t]*:[ \t]+[\w \t/\\.]*\.\w/m;

// Content rules per extension, after Linguist's heuristics.yml
// (https://github.com/github/linguist/blob/main/lib/linguist/heuristics.yml), reduced to the
// languages people meet and written to read 8 KB in linear time; the first rule that names a
// candidate wins. They replace Linguist's own rules (heuristics.ts) for their extensions, but
// for AFTER_LINGUIST's.
/**
 * Extensions whose hand rule names fewer languages than Linguist's rules do (.m: not Limbo or
 * MUF; .inc: not Assembly, NASL, POV-Ray, SourcePawn...; .cls: not ObjectScript, OpenEdge ABL
 * or Visual Basic 6.0), or only settles what they leave (.bf, .as, .gs, .k, .mod, .n, .frm,
 * .res, .sw): Linguist's rules come first, and the hand rule settles what they leave open,
 * where Linguist would ask its classifier (a .m file without Objective-C's marks is MATLAB's, a
 * .n file without Roff's leading dots Nemerle's). On Linguist's own samples, each of these
 * detected more files right this way (docs/PERFORMANCE.md). So too where a hand rule had
 * narrowed or reordered Linguist's (.es, .l, .ml, .pp, .v): Linguist names a Verilog `initial
 * begin` fragment, an escript's `main(Args) ->`, a Standard ML `case ... of`, a Pascal unit
 * that writes `{ ... }` after a name and a man page with a `%` line, where the hand rules had
 * not (an audit of each rule against heuristics.yml); theirs stand alone only once the scan's
 * budget for Linguist's rules is spent. The hot extensions (.php, .pm, .cs: thousands of files
 * a repository) keep hand rules made to agree, as reading 50 KB for Linguist's cost them
 * 0.3 ms a file.
 */
const AFTER_LINGUIST = new Set([
  ".as",
  ".b",
  ".bb",
  ".bf",
  ".cls",
  ".es",
  ".fpp",
  ".frm",
  ".fs",
  ".g",
  ".gs",
  ".inc",
  ".k",
  ".l",
  ".lean",
  ".lp",
  ".m",
  ".ml",
  ".mod",
  ".n",
  ".p",
  ".plt",
  ".pp",
  ".pro",
  ".re",
  ".res",
  ".sc",
  ".scd",
  ".sw",
  ".v",
  ".x",
]);

// Extensions heuristics.yml has no rule for: Linguist's classifier tells their languages apart
// on GitHub, by the words of its samples. Here, a mark each language's files carry, checked on
// Linguist's samples; without one, the language GitHub shows most for the extension. Each
// pattern reads a line's start or the text's, in linear time.
const STARTS_WITH_TAG = /^\s*<[?!A-Za-z]/;
const PLSQL_MARK =
  /\bvarchar2\b|\bdbms_\w+|%(?:row)?type\b|\bcreate[ \t]+or[ \t]+replace[ \t]+(?:procedure|function|package|trigger|type)\b/i;
// Free Pascal's include files that Linguist's two Pascal patterns miss (a unit's constants, its
// syscall numbers, a demo's statements): a section keyword alone on its line, a constant without
// a type (`const KErrNone=0;`), a routine's heading, a compiler directive, an `end;` or a `:=`
// assignment first on a line, none of which a C++ include file has.
const PASCAL_INCLUDE =
  /^[ \t]*(?:(?:const|type|var|begin|interface|implementation)[ \t]*$|const[ \t]+\w+[ \t]*=|(?:procedure|function|constructor|destructor)[ \t]+[\w.]+[ \t]*[(;:]|end[.;][ \t]*$|\{\$[a-z]+|\w+(?:\.\w+)*[ \t]*:=)/im;
const CLASSIFIER_CASES: Record<string, Rule> = {
  ".mm": (t) => (STARTS_WITH_TAG.test(t) ? "XML" : "Objective-C++"),
  ".frag": (t) =>
    /^[ \t]*#version\s+\d|\bgl_\w+|^[ \t]*(?:uniform|varying|precision|in|out)\s/m.test(t)
      ? "GLSL"
      : "JavaScript",
  ".shader": (t) => (/^[ \t]*Shader[ \t]+"/m.test(t) ? "ShaderLab" : "GLSL"),
  ".spec": (t) =>
    /^(?:Name|Version|Release|Summary|License|BuildRequires):|^%(?:description|prep|build|install|files)\b/m.test(
      t,
    )
      ? "RPM Spec"
      : /\bGem::Specification\b|^require[ \t(]|^[ \t]*describe\b[^\n]*\bdo\b/m.test(t)
        ? "Ruby"
        : "Python",
  ".sch": (t) =>
    /^\s*(?:EESchema\b|\(kicad_sch\b)|^v \d{8} \d/.test(t)
      ? "KiCad Schematic"
      : /<eagle\b/.test(t)
        ? "Eagle"
        : STARTS_WITH_TAG.test(t)
          ? "XML"
          : "Scheme",
  // A Salt state may open with its renderer (`#!jinja|yaml`, `#!py`): a Scheme library opens with
  // a list, a comment or one of R6RS's and Chez's #! directives.
  ".sls": (t) =>
    /^\s*(?:[(;]|#\||#!(?:r6rs|r7rs|fold-case|no-fold-case|chezscheme)\b)/.test(t)
      ? "Scheme"
      : "Salt",
  ".trigger": (t) =>
    /^[ \t]*trigger[ \t]+\w+[ \t]+on[ \t]+\w+|\bTrigger\.(?:new|old)\b|\bwith[ \t]+sharing\b/im.test(
      t,
    )
      ? "Apex"
      : "Shell",
  ".nb": (t) => (/^\s*\(\*|\bNotebook\[/.test(t) ? "Wolfram Language" : "Text"),
  ".pluginspec": (t) => (STARTS_WITH_TAG.test(t) ? "XML" : "Ruby"),
  ".workflow": (t) => (STARTS_WITH_TAG.test(t) ? "XML" : "HCL"),
  ".gst": (t) => (STARTS_WITH_TAG.test(t) ? "XML" : "Gosu"),
  ".vhost": (t) =>
    /^[ \t]*server[ \t]*\{/m.test(t) && !/<VirtualHost\b/i.test(t) ? "Nginx" : "ApacheConf",
  ".jq": (t) =>
    /\(:|\$[\w-]+[ \t]*:=|^\s*jsoniq\s+version\b|\bimport\s+module\s+namespace\b/.test(t)
      ? "JSONiq"
      : "jq",
  ".cue": (t) =>
    /^[ \t]*(?:FILE[ \t]+"|TRACK[ \t]+\d+[ \t]+AUDIO\b)/m.test(t) ? "Cue Sheet" : "CUE",
  // Motoko: an import of a `mo:` package, an actor, a module's braces or a public function or
  // value, none of which Modelica writes (its `public` opens a section, its functions are
  // `function`s, and it has no `module`).
  ".mo": (t) =>
    /"mo:|^[ \t]*(?:persistent[ \t]+)?actor\b|^[ \t]*module(?:[ \t]+\w+)?[ \t]*\{|\bpublic[ \t]+(?:shared[ \t]+(?:query[ \t]+)?)?(?:func|let|object)\b/m.test(
      t,
    )
      ? "Motoko"
      : "Modelica",
  ".moo": (t) =>
    /^[ \t]*:-[ \t]*(?:module|pred|func|import_module|type|mode)\b/m.test(t)
      ? "Mercury"
      : "Moocode",
  ".ks": (t) =>
    /^%(?:packages|post|pre)\b|^(?:rootpw|keyboard|timezone|bootloader)\s/m.test(t)
      ? "Kickstart"
      : "KerboScript",
  ".dsc": (t) =>
    /^(?:-----BEGIN PGP SIGNED MESSAGE|Format:|Source:)/m.test(t)
      ? "Debian Package Control File"
      : "DenizenScript",
  ".brd": (t) => (/^PCBNEW-BOARD\b/.test(t) ? "KiCad Legacy Layout" : "Eagle"),
  ".nas": (t) =>
    /\bvar[ \t]+\w+[ \t]*=|\bfunc[ \t]*\(|\b(?:setprop|getprop|setlistener)[ \t]*\(/.test(t)
      ? "Nasal"
      : "Assembly",
  ".reds": (t) => (/^[ \t]*Red(?:\/System)?[ \t]*\[/im.test(t) ? "Red" : "Redscript"),
  ".pbt": (t) => (/^Save Format v/m.test(t) ? "PowerBuilder" : "Protocol Buffer Text Format"),
  // KoLmafia's `foreach`, `boolean` (AGS has `bool`), its property calls and its calls of the
  // game and of the client's own commands, beside its imports and typed constants:
  // browser_notify.ash has only the former, c2t_capeMe.ash only `cli_execute(...)`.
  ".ash": (t) =>
    /^[ \t]*(?:import[ \t]*<|script[ \t]+"|since[ \t]+r?\d|foreach[ \t])|\$(?:(?:item|skill|effect|familiar|location|monster|stat|slot|element)s?|class(?:es)?)\[|\bboolean\b|\b(?:[gs]et_property|cli_execute|visit_url)[ \t]*\(/m.test(
      t,
    )
      ? "KoLmafia ASH"
      : "AGS Script",
  ".cfg": (t) =>
    /^(?:global|defaults|frontend|backend|listen|userlist|peers|resolvers)(?:[ \t]|$)/m.test(t)
      ? "HAProxy"
      : "INI",
  ".cp": (t) => (/^[ \t]*MODULE[ \t]+\w+[ \t]*;/m.test(t) ? "Component Pascal" : "C++"),
  ".sip": (t) => (/^set_global_assignment\b/m.test(t) ? "Quartus Simulation IP" : "SIP"),
  // MQL4's own: `#property strict` and its order API (MarketInfo, MODE_TRADES); else MetaTrader
  // 5's MQL5, whose standard library the other .mqh files hold.
  ".mqh": (t) =>
    /#property[ \t]+strict\b|\bMarketInfo[ \t]*\(|\bMODE_TRADES\b/.test(t) ? "MQL4" : "MQL5",
  // Oracle's own types and packages: VARCHAR2, DBMS_OUTPUT, %TYPE, CREATE OR REPLACE PROCEDURE.
  ".ddl": (t) => (PLSQL_MARK.test(t) ? "PLSQL" : "SQL"),
  ".prc": (t) => (PLSQL_MARK.test(t) ? "PLSQL" : "SQL"),
  // A Cakefile's tasks are CoffeeScript (`task 'build', ->`); Cake's build scripts are C#.
  ".cake": (t) => (/->/.test(t) && !/;[ \t]*$/m.test(t) ? "CoffeeScript" : "C#"),
  // FLUX's flow declarations: `Page (int socket) => ();`.
  ".fx": (t) => (/=>[ \t]*\(/.test(t) ? "FLUX" : "HLSL"),
};
// A hosts file's line: an IPv4 or IPv6 address, then a name (hosts(5)).
const HOSTS_LINE =
  /^[ \t]*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})[ \t]+[\w.-]/im;
// As CLASSIFIER_CASES, for the file names two languages share that Linguist's filename
// strategy leaves to its classifier: a hosts file's lines start with an address (an Ansible
// inventory named `hosts` is INI's).
const hostsOrIni: Rule = (t) => (HOSTS_LINE.test(t) ? "Hosts File" : "INI");
const CLASSIFIER_NAMES: Record<string, Rule> = { hosts: hostsOrIni, HOSTS: hostsOrIni };

// MATLAB's and Octave's marks: a % or # comment (Octave's; a # that no C directive follows),
// a function, an end of a block, Octave's endfunction, endif...
const OCTAVE_OR_MATLAB =
  /^[ \t]*(?:%|function\b|end(?:function|if|for|while|switch|_try_catch|_unwind_protect)?\b|#(?![ \t]*(?:import|include|include_next|define|undef|if|ifdef|ifndef|elif|else|endif|pragma|error|warning|line|ident)\b))/m;

const HEURISTICS: Record<string, Rule> = {
  ".h": (t) => (OBJC(t) ? "Objective-C" : CPP(t) ? "C++" : "C"),
  ".m": (t) =>
    OBJC(t)
      ? "Objective-C"
      : /^[ \t]*:-\s*module\b/m.test(t)
        ? "Mercury"
        : hasPair(t, "(*", "*)") && /:=|\[\[/.test(t)
          ? "Wolfram Language"
          : OCTAVE_OR_MATLAB.test(t)
            ? "MATLAB"
            : M_ROUTINE.test(t)
              ? "M"
              : "Objective-C",
  // Linguist's Prolog rule is a `:-`; a file of facts alone, which its classifier would settle,
  // is Prolog's when a line is one (`index(abs, 1, unicode).`) and none ends as Perl's do, in `;`.
  ".pl": (t) =>
    /^[^#\n]*:-/m.test(t) && !PERL_STATEMENT.test(t)
      ? "Prolog"
      : perlOrRaku(
          t,
          RAKU,
          /^[a-z]\w*\(.*\)\.[ \t]*$/m.test(t) && !/;[ \t]*$/m.test(t) ? "Prolog" : "Perl",
        ),
  // Linguist's third rule: an XPM image, which no Perl or Raku mark is in.
  ".pm": (t) => perlOrRaku(t, RAKU, /^[ \t]*\/\* XPM \*\//m.test(t) ? "X PixMap" : "Perl"),
  ".t": (t) =>
    perlOrRaku(
      t,
      /^[ \t]*(?:use\s+v6\b|module\b|my\s+class\b)/m,
      TURING.test(t) ? "Turing" : TERRA.test(t) ? "Terra" : "Perl",
    ),
  // Linguist's patterns verbatim, `<TS\b` unanchored: GitHub calls any .ts file holding it XML
  // (a Qt translation), and byte shares are measured against GitHub's languages.
  ".ts": (t) => (/<TS\b/.test(t) ? "XML" : "TypeScript"),
  ".tsx": (t) => (/^[ \t]*<\?xml\s+version/im.test(t) ? "XML" : "TSX"),
  ".php": (t) => (/<\?hh/.test(t) ? "Hack" : "PHP"),
  ".inc": (t) =>
    /<\?(?:php)?/.test(t)
      ? "PHP"
      : /^\s*</.test(t)
        ? "HTML"
        : SOURCEPAWN.test(t)
          ? "SourcePawn"
          : PAWN.test(t)
            ? "Pawn"
            : BITBAKE.test(t)
              ? "BitBake"
              : PASCAL_INCLUDE.test(t)
                ? "Pascal"
                : undefined,
  // Linguist's rules first (B's `extrn`, `auto` or `goto`, Brainfuck's `>+>`, Limbo's `module
  // {`): a Brainfuck program they leave (`> +++ .`, its commands spaced) still writes runs of
  // them, which B and Limbo do not; else B, as the first of Linguist's candidates.
  ".b": (t) => (/[-+<>]{4,}/.test(t) ? "Brainfuck" : "B"),
  // Linguist's rules first: these settle what their Beef, HyPhy and Brainfuck patterns leave.
  // HyPhy's batch language by its calls and its `function`s and `lfunction`s, before Beef's
  // pattern, which its library's `namespace x {` also matches; then by its statements (`x =
  // ...;` on a line), which Beef's code has too (hyphy-common: 27 of its 217 .bf files had gone
  // to Brainfuck, Befunge or Beef, 1 now, a namespace of assignments).
  ".bf": (t) =>
    /\b(?:LoadFunctionLibrary|RequireVersion|DataSetFilter|LikelihoodFunction|ExecuteAFile|UseModel|ChoiceList|lfunction)\b|\bfprintf[ \t]*\(|^[ \t]*(?:#include[ \t]+"[^"\n]*"[ \t]*;|function[ \t]+[\w.]+[ \t]*\()/m.test(
      t,
    )
      ? "HyPhy"
      : BEEF.test(t)
        ? "Beef"
        : /^[ \t]*[A-Za-z_][\w.]*[ \t]*=[ \t]*[^=\s][^\n]*;[ \t]*$/m.test(t)
          ? "HyPhy"
          : // Brainfuck's loops hold commands, `[-` or `<]`; Befunge has no brackets, but v and ^
            // that turn its flow.
            !/[-+<>]\]|\[[-+<>]/.test(t) && /(?:^|[^A-Za-z])[v^](?:[^A-Za-z]|$)/m.test(t)
            ? "Befunge"
            : "Brainfuck",
  // ActionScript's type annotations, where a name is declared: `var n:uint`, `(a:int, b:String)`,
  // `):void`; not a prose `number: int` in a comment, nor AngelScript's `c ? 1 : int(y)`.
  ".as": (t) =>
    /(?:\b(?:var|const)[ \t]+\w+|[(,][ \t]*\w+|\))[ \t]*:[ \t]*(?:uint|int|Number|String|Boolean|void|Array|Object|\*)(?![\w(])|\btrace[ \t]*\(/.test(
      t,
    )
      ? "ActionScript"
      : "AngelScript",
  // Prolog's rule is a `:-` directive: without one, gnuplot's commands and # comments decide.
  ".plt": (t) =>
    /^[ \t]*(?:set|unset|s?plot|replot|reset|load)\b|^#/m.test(t) ? "Gnuplot" : "Prolog",
  // CPLEX's LP format where Linguist's rule, an objective's sense alone on its line, misses it
  // (`Max \ a note`): a section's keyword or the sense alone on its line, a `\` comment after it
  // allowed (IBM's "CPLEX LP file format"), which neither Answer Set Programming nor Lambdapi
  // writes.
  ".lp": (t) =>
    /^[ \t]*(?:subject[ \t]+to|such[ \t]+that|s\.?t\.?|bounds?|generals?|binar(?:y|ies)|end|minimi[sz]e|maximi[sz]e|minimum|maximum|min|max)[ \t]*(?:\\.*)?$/im.test(
      t,
    )
      ? "Linear Programming"
      : undefined,
  // Linguist's rules read `import` first on a line: Lean 4's module system puts a
  // `module` line first and may write `public import` or `meta import`, which Lean 3 never had;
  // a file without imports is Lean 4's by its `=>` (a match arm, `fun x =>`; Lean 3 wrote
  // `| 0 := ...` and `λ x, ...`) or its `termination_by`.
  ".lean": (t) =>
    /^(?:module[ \t]*$|(?:(?:public|private)[ \t]+)?(?:meta[ \t]+)?import[ \t]+[A-Z])|^[ \t]*\|[^\n]{0,200}?=>|\bfun[ \t][^\n]{0,200}?=>|^[ \t]*termination_by\b/m.test(
      t,
    )
      ? "Lean 4"
      : undefined,
  // Linguist's rules first (SuperCollider's `^this.`, `~x = .` or SynthDef, Scala's `import
  // scala.` or `class`). Scala's scripts they leave (Mill's build.sc, Ammonite's) begin lines
  // with `object`, `def`, `val` or `import` and a name (SuperCollider's `def = x` assigns a
  // variable); SuperCollider's class library declares `Name : Super {` or extends `+ Name {` in
  // column 0, class methods `*new {` and arguments with `arg`, and its scripts build SynthDefs
  // (supercollider-common: 65 of its 349 .sc files had gone to Scala, 4 now, which Linguist's
  // `class` rule calls Scala). A .scd file they leave is scdoc's Markdown only with a
  // `name(section)` first line or a heading (27 of its 68 had gone to Markdown, none now).
  ".sc": (t) =>
    /^[ \t]*(?:object|trait|def|val|import|package)[ \t]+[\w$]/m.test(t)
      ? "Scala"
      : /^(?:\+[ \t]*)?[A-Z]\w*(?:[ \t]*:[ \t]*[A-Z]\w*)?[ \t]*\{|^[ \t]*\*\w+[ \t]*\{|\b(?:arg[ \t]+\w|classvar\b|SynthDef\b)/m.test(
            t,
          )
        ? "SuperCollider"
        : undefined,
  ".scd": (t) =>
    /^[\w+-][\w.+-]*\(\d\w*\)/.test(t) || /^#+[ \t]+\S/m.test(t) ? "Markdown" : "SuperCollider",
  // Roff's rule is a line starting with . or ': a file without one is Nemerle's.
  ".n": () => "Nemerle",
  // Linguist's FPP rule is a component, a module's or a topology's block, or an instance; what
  // it leaves is an F Prime configuration file's constants and their @ annotations (FPP's
  // specification, "Constant Definitions", "Annotations"), which no Fortran file has (Fortran
  // names a constant with `parameter`, and @ starts no statement of its).
  ".fpp": (t) => (/^[ \t]*(?:@|constant[ \t]+[A-Za-z_]\w*[ \t]*=)/m.test(t) ? "FPP" : undefined),
  // Linguist's gnuplot rule is a line that plots or sets the terminal, the output, an axis or
  // the style, which a gnuplot script has; what it leaves is OpenEdge ABL's procedure files
  // without a `DEFINE VARIABLE` or an `END.` (a CATCH block's), as Linguist's classifier says.
  ".p": () => "OpenEdge ABL",
  // Linguist's GAP rule wants one of five declaration words: GAP's other code assigns with :=,
  // defines with function( and ends its calls with `);`, which no G-code program does (GAP's own
  // lib/error.g, lib/read1.g).
  ".g": (t) => (/:=|\bfunction[ \t]*\(|\);[ \t]*(?:#.*)?$/m.test(t) ? "GAP" : "G-code"),
  // Linguist's rules want RPC's program block and a linker script's SECTIONS: what they leave is
  // a linker script's fragment when it has one of its commands (embedded Rust's memory.x: MEMORY
  // alone), else XDR's declarations, RPC's (`struct`, `const`, `enum`).
  ".x": (t) =>
    /^[ \t]*(?:MEMORY|ENTRY|INCLUDE|PROVIDE(?:_HIDDEN)?|REGION_ALIAS|SEARCH_DIR|INPUT|GROUP)\b/m.test(
      t,
    )
      ? "Linker Script"
      : "RPC",
  // Linguist's rules want a `}` for KCL, and for K a `requires`, a `syntax` first on its line and
  // an `endmodule`: a K module without an import, its productions indented
  // (k-vs-coq-language-frameworks' imp.k), still ends with `endmodule` or declares with `::=`.
  ".k": (t) =>
    /^[ \t]*endmodule\b|^[ \t]*syntax[ \t]+\w+[ \t]*::=/m.test(t) ? "KFramework" : "KCL",
  // Linguist's last rule leaves AMPL and Linux Kernel Module, whose files list objects.
  ".mod": (t) =>
    /^\S+\.k?o$/m.test(t) && !/^[ \t]*(?:param|var|set|minimize|maximize)\b/m.test(t)
      ? "Linux Kernel Module"
      : "AMPL",
  // Genie's blocks open with a bare `init` or `uses`; Gosu's with a `uses` line, an enhancement,
  // a `for (i in a..b)`, a `package` line without a semicolon or a typed parameter (`u : String`,
  // a Guidewire service class), none of them JavaScript (Apps Script's `.gs`).
  ".gs": (t) =>
    /^(?:init|uses)[ \t]*$|^class[ \t]+\w+(?:[ \t]*:[ \t]*[\w.]+)?[ \t]*$/m.test(t)
      ? "Genie"
      : /\bfor[ \t]*\([ \t]*\w+[ \t]+in[ \t]+[^)\n]*\.\.|^[ \t]*uses[ \t]+[\w.]+|^[ \t]*enhancement[ \t]|^package[ \t]+[\w.]+[ \t]*$|\bfunction[ \t]+\w+[ \t]*\([ \t]*\w+[ \t]*:[ \t]*\w/m.test(
            t,
          )
        ? "Gosu"
        : "JavaScript",
  // Puppet's marks, none of them Pascal: a class, node or define opening its body (not a Pascal
  // `class function F(a: {$IFDEF X}...`), one named in a module's namespace (`type
  // Stdlib::Port = ...`, `class stdlib::manage (` over lines), a bare `include`, puppet-strings'
  // `# @summary` and `# @param`, resources, and Linguist's own mark: an indented `key => value`
  // (an attribute; Pascal has no `=>`), which also takes a define whose `{` follows its
  // parameter list on a later line.
  ".pp": (t) =>
    /^[ \t]*(?:class|node|define)\s+(?!(?:function|procedure|operator|property|constructor|destructor)\b)[\w:'"][^;\n]*\{|^[ \t]*(?:class|define|function|type|plan)[ \t]+\w*::|^[ \t]*include[ \t]+[\w:]+[ \t]*$|^#[ \t]*@(?:summary|param)\b|^[ \t]*(?:file|package|service)\s*\{|^[ \t]+\w+[ \t]+=>[ \t]/m.test(
      t,
    )
      ? "Puppet"
      : "Pascal",
  // Android's proguard-rules.pro comes with every rule commented out and ProGuard named in
  // its first line; IDL, the fallback, has `;` comments and would count its `#` lines as code.
  ".pro": (t) =>
    /\b(?:SOURCES|HEADERS|QT|TARGET|CONFIG|TEMPLATE|SUBDIRS)\s*[+-]?=/.test(t)
      ? "QMake"
      : /^[ \t]*#?[ \t]*-(?:keep|dontwarn)|\bproguard\b/im.test(t)
        ? "Proguard"
        : /:-/.test(t)
          ? "Prolog"
          : /^\[[^\]\n]+\][ \t]*$/m.test(t)
            ? "INI"
            : "IDL",
  // Linguist's three patterns in its order; `.*` inside parentheses is `[^()\n]*` and the
  // Makefile rule's overlapping runs are split, so that 8 KB of parentheses or dotted words
  // cannot make a regex backtrack for long.
  // Linguist's three rules in its order; what they leave is DTrace's where a probe names its
  // provider with a wildcard, `erlang*:::gc_major-start` (`\w` in Linguist's pattern reads no
  // `*` or `-`: 9 of Erlang/OTP's 11 DTrace examples had been D), or a macro variable,
  // `python$target:::line` (CPython's dtracedata, DTrace to Linguist 7.22's classifier), else D's.
  ".d": (t) =>
    D_LANG.test(t)
      ? "D"
      : DTRACE.test(t)
        ? "DTrace"
        : MAKEFILE_DEPS.test(t)
          ? "Makefile"
          : /^[\w*$-]+:[\w*$-]*:[\w*$-]*:[\w*$-]+[ \t]*$/m.test(t) || DTRACE_LIBRARY.test(t)
            ? "DTrace"
            : "D",
  // Linguist's order: Rocq's `Proof.`, `Qed.` or `Require Import`, then Verilog's marks, then
  // V's (`fn name(...) {`, `$if`, `for {`, and here its `module main` alone on a line, which
  // Verilog's header would go on from); a V file that says `Lemma` in a string is V's.
  ".v": (t) =>
    /(?:^|\s)(?:Proof|Qed)\.(?:$|\s)|(?:^|\s)Require[ \t]+(?:Import|Export)\s/m.test(t)
      ? "Rocq Prover"
      : // What Linguist's rules leave (or all, once their budget is spent). endmodule may
        // come past the 8 KB read; a module header comes first, with ports or parameters on
        // its line or the next, as Linguist's `\s*\#?\(` reads them (Verilator's `module sub`
        // then `(`), or a `;` (`module t;`, a testbench's), or SystemVerilog's program,
        // package, class or interface ends, or a compiler directive first on a line
        // (`` `define ``, which V has not): 59 of 1,536 .v files of Verilator's and Icarus's
        // sources were V's.
        /\bend(?:module|program|package|class|interface)\b|^[ \t]*module[ \t]+\w+(?:\s*(?:#\s*)?\(|[ \t]*;)|^[ \t]*`(?:define|ifdef|ifndef|include|timescale|default_nettype|celldefine|resetall|undef)\b/m.test(
            t,
          )
        ? "Verilog"
        : /\$(?:if|else)[ \t]|^[ \t]*fn\s+[^\s()]+\([^)\n]*\)[^\n]*\{|^[ \t]*for\s*\{|^module[ \t]+\w+[ \t]*$/m.test(
              t,
            )
          ? "V"
          : /\b(?:Proof|Qed|Require|Theorem|Lemma|Inductive|Definition)\b/.test(t) ||
              // A vernacular command first on its line, capitalised as no V keyword is (Rocq's
              // plugin loaders hold nothing else: `Declare ML Module "derive_plugin".`).
              /^[ \t]*(?:Declare[ \t]+ML[ \t]+Module|Fixpoint|Ltac|Notation|Section|Hint)\b/m.test(
                t,
              )
            ? "Rocq Prover"
            : "V",
  // Rascal or RouterOS Script, which Linguist leaves to its classifier: a Rascal module names
  // itself, a RouterOS script runs menu paths (`/ip address`) and `:` commands (`:global`).
  ".rsc": (t) =>
    !/^[ \t]*module[ \t]+[\w:]+/m.test(t) &&
    /^[ \t]*(?::(?:global|local|put|log|if|do|for|foreach|while|delay)\b|\/[a-z])/m.test(t)
      ? "RouterOS Script"
      : "Rascal",
  // Linguist's Rez rule has `\(.*\)` before the `{`, a resource's id and name: here brackets
  // one deep in it (`(128, "Main (x)")`), which reads in linear time.
  ".r": (t) =>
    /\bRebol\b/i.test(t)
      ? "Rebol"
      : /#include\s+["<](?:Types\.r|Carbon\/Carbon\.r)[">]|\b(?:resource|data|type)\s+'[A-Za-z0-9]{4}'\s+(?:\((?:[^()\n]|\([^()\n]*\))*\)\s+)?\{/.test(
            t,
          )
        ? "Rez"
        : "R",
  ".cls": (t) =>
    /\\\w+\{/.test(t) ? "TeX" : /^[ \t]*VERSION\s+1\.0\s+CLASS/m.test(t) ? "VBA" : "Apex",
  // Linguist's .frm rules read a VB6 form by `Begin VB.Form` only; its MDI form (`Begin
  // VB.MDIForm`), and a form whose header was cut, still carry VB's `VERSION 5.00` header or
  // `Attribute VB_Name`, which no INI file has.
  ".frm": (t) =>
    /^[ \t]*(?:VERSION[ \t]+\d\.\d\d\b|Attribute[ \t]+VB_Name\b)/m.test(t)
      ? "Visual Basic 6.0"
      : "INI",
  // Linguist's .re rules read Reason by `module type`, `open X;` or a typed `let`, C++ by its
  // preprocessor; a Reason file with none of them (reason-react's: 13 of 15 of its and
  // repromise's) went to C++ by popularity. What they leave is re2c's C++ where a re2c block
  // or a directive shows, Reason's where a binding, a type, a module, an attribute `[@` or an
  // arrow does.
  ".re": (t) =>
    /\/\*!\w*:?re2c|^[ \t]*#[ \t]*(?:include|define|if|ifdef|ifndef|pragma)\b/m.test(t)
      ? "C++"
      : /^[ \t]*(?:let|type|module|external|open|include|switch)\b|\[@|=>/m.test(t)
        ? "Reason"
        : "C++",
  // Linguist's .res rule reads ReScript by a `let`, `module` or `type` binding or an `open`; a
  // file of bindings only (`@val external now: unit => float = "Date.now"`: 7 of @rescript/core's
  // 40) went to XML by popularity. XML's files start with a tag.
  ".res": (t) => (/^\s*</.test(t) ? "XML" : "ReScript"),
  // Linguist's .sw rules read Sway by a declaration (`fn`, `pub`, `impl`...), XML by its
  // `<?xml` declaration; a Sway library of structs alone, or XML without the declaration, is
  // left to the classifier: XML's files start with a tag.
  ".sw": (t) => (/^\s*</.test(t) ? "XML" : "Sway"),
  ".es": (t) => (/^[ \t]*-(?:module|export|define)\b/m.test(t) ? "Erlang" : "JavaScript"),
  // Linguist's Smalltalk mark, a class-side method's too (`!Foo class methodsFor: 'x'!`).
  ".cs": (t) => (/![\w\s]+methodsFor: /.test(t) ? "Smalltalk" : "C#"),
  // A .ml file is Standard ML's by its marks, without OCaml's: a word Standard ML does not have
  // (`module type S = sig ... end`, `match ... with`, `mutable`), a `;;` or a `fun x ->`
  // (Standard ML's is `fn x =>`). Its marks: a declaration of a structure, a signature or a
  // datatype, or an `fn` (then `let ... in ... end` is its too), or else `val` or `fun` without
  // a `let`. 54 of 2,694 OCaml files of OCaml's and dune's sources were Standard ML's by `val`
  // and `fun` alone, and 4 of 13 Standard ML files of SML/NJ's libraries OCaml's by `let`.
  ".ml": (t) =>
    !/\b(?:module|match|mutable|object|external|method)\b|;;|\bfun\b[^=\n]*->/.test(t) &&
    (/^[ \t]*(?:structure|signature|datatype)[ \t]+\w|\bfn\b[^\n]*=>/m.test(t) ||
      (/\b(?:fun|val)\b/.test(t) && !/\blet\b/.test(t)))
      ? "Standard ML"
      : "OCaml",
  // Linguist's four rules in its order; what they leave is PicoLisp's by the marks its rule
  // misses, a super-bracket's definition (`[de name ...]`) or a `#` comment first on a line (a
  // `#` then a blank is no Common Lisp), Lex's when it opens with a C comment (a scanner's
  // licence header), else Common Lisp's.
  ".l": (t) =>
    /\(def(?:un|macro)\s/.test(t)
      ? "Common Lisp"
      : /^(?:%[%{}xs]|<[^>\n]*>)/m.test(t)
        ? "Lex"
        : /^\.[A-Za-z]{2}(?:\s|$)/m.test(t)
          ? "Roff"
          : /^\((?:de|class|rel|code|data|must)\s/m.test(t)
            ? "PicoLisp"
            : /^(?:\[(?:de|class|rel|code|data|must)\s|#[ \t]*$|# )/m.test(t)
              ? "PicoLisp"
              : /^\s*\/\*/.test(t)
                ? "Lex"
                : "Common Lisp",
  ".fs": (t) => (/^[ \t]*#version\s+\d|\bgl_FragColor\b|\buniform\b/m.test(t) ? "GLSL" : "F#"),
  // Linguist's BlitzBasic rule, `(<^\s*; |End Function)`, can only match `End Function`: most
  // BlitzBasic is left to its classifier, with babashka's Clojure scripts and BitBake recipes
  // that lack their rules' marks. A form opens a Clojure line; BlitzBasic declares with Global,
  // Local, Dim, Const, Function or Type; what is left assigns a recipe's variables.
  ".bb": (t) =>
    /^[ \t]*\(/m.test(t)
      ? "Clojure"
      : /^[ \t]*(?:Global|Local|Dim|Const|Function|Type|Graphics(?:3D)?)[ \t]/im.test(t)
        ? "BlitzBasic"
        : "BitBake",
  ...CLASSIFIER_CASES,
};

/** Whether `open` occurs with `close` somewhere after it: /\(\*[\s\S]*?\*\)/ in two scans. */
function hasPair(text: string, open: string, close: string): boolean {
  const at = text.indexOf(open);
  return at !== -1 && text.indexOf(close, at + open.length) !== -1;
}

// Past the popular ones, code before data: of `.mod`'s AMPL and Linux Kernel Module (kbuild's
// generated lists, rarely committed), the source a repository holds is the likelier.
function rankOf(name: string): number {
  const popular = rank.get(name);
  if (popular !== undefined) return popular;
  const type = languageType(name);
  return POPULAR.length + (type === "programming" || type === "markup" ? 0 : 1);
}

function byPopularity(candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const c of candidates) if (best === undefined || rankOf(c) < rankOf(best)) best = c;
  return best;
}

// Linguist's shebang strategy (shebang.rb): a `#!/bin/sh` whose first five lines `exec` another
// program with the script's own arguments runs that program (`exec scala "$0" "$@"`, then `!#`).
const EXEC_HACK = /exec (\w+).+\$0.+\$@/;

function interpreterOf(head: string): string | undefined {
  if (!head.startsWith("#!")) return undefined;
  const end = head.indexOf("\n");
  const line = head.slice(2, end === -1 ? undefined : end).trim();
  const words = line.split(/\s+/);
  let at = 0;
  let program = words[0]?.split("/").pop();
  if (program === "env") {
    // `#!/usr/bin/env -S node --flags` and `env VAR=1 python`: the first real word is the program.
    at = words.findIndex((w, i) => i > 0 && !w.startsWith("-") && !w.includes("="));
    program = at === -1 ? undefined : words[at];
  }
  if (program === "sh") {
    const fiveLines = head.split("\n", 5).join("\n");
    return EXEC_HACK.exec(fiveLines)?.[1] ?? program;
  }
  // `osascript -l JavaScript`: the language is the option's, which Linguist leaves to the
  // extension.
  if (program === "osascript" && words.slice(at + 1).some((w) => w.startsWith("-l")))
    return undefined;
  return program;
}

function shebangCandidates(head: string): string[] | undefined {
  const program = interpreterOf(head);
  if (!program) return undefined;
  return (
    interpreterCandidates.get(program) ??
    // python3.12 → python, like Linguist's shebang strategy.
    interpreterCandidates.get(program.replace(/[\d.]+$/, ""))
  );
}

/**
 * A file name's extensions as Linguist's BlobHelper#extensions has them: from each dot on, the
 * first dot of a dotfile included (`.gdbinit` is GDB's extension, and the whole name).
 */
function extensionKeys(base: string): string[] {
  const lower = base.toLowerCase();
  const keys: string[] = [];
  let from = lower.indexOf(".");
  // Compound extensions first (".d.ts", ".blade.php"), then the plain one.
  while (from !== -1) {
    const key = lower.slice(from);
    if (key.split(".").length - 1 <= maxExtensionDots) keys.push(key);
    from = lower.indexOf(".", from + 1);
  }
  return keys;
}

/**
 * The Linguist language name of a file, or undefined when nothing claims it.
 *
 * @param path  the tracked path, "/"-separated
 * @param head  the file's first bytes (the shebang and up to 8 KB for heuristics)
 * @param budget  the scan's CPU budget for Linguist's generated rules; without one, unbounded
 * @example
 * detectLanguage("src/app.h", Buffer.from("#include <vector>\n")) // "C++"
 */
export function detectLanguage(
  path: string,
  head: Uint8Array,
  budget?: HeuristicsBudget,
): string | undefined {
  const modeline = modelineLanguage(head);
  if (modeline) return modeline;
  const base = path.slice(path.lastIndexOf("/") + 1);
  let candidates: readonly string[] | undefined = filenameCandidates.get(base);
  if (candidates?.length === 1) return candidates[0];

  const text =
    head.length > 0 && head[0] === 0x23
      ? Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, SHEBANG_BYTES)).toString(
          "latin1",
        )
      : "";
  const shebang = text ? shebangCandidates(text) : undefined;
  if (shebang) candidates = candidates ? intersectOr(candidates, shebang) : shebang;
  if (candidates?.length === 1) return candidates[0];

  let extKey: string | undefined;
  for (const key of extensionKeys(base)) {
    const byExt = extensionCandidates.get(key);
    if (!byExt) continue;
    extKey = key;
    candidates = candidates ? intersectOr(byExt, candidates) : byExt;
    break;
  }
  if (!candidates || candidates.length === 0) return undefined;
  if (candidates.length === 1) return candidates[0];

  const content = (bytes = HEURISTIC_BYTES) =>
    Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, bytes)).toString("latin1");
  // Linguist's rules for an extension or a file name, within the scan's budget for them.
  const byLinguist = (key: string, among: readonly string[]) => {
    const byRules = () => linguistHeuristics(key, content(LINGUIST_BYTES), among);
    return budget ? budget.spend(byRules) : byRules();
  };
  if (extKey === undefined) {
    // A file name heuristics.yml keys a rule by (`.eslintrc`: YAML by a `key:` line) is its.
    const named = hasHeuristics(base) ? byLinguist(base, candidates) : undefined;
    if (named?.length === 1) return named[0];
    const chosen = CLASSIFIER_NAMES[base]?.(content(), candidates);
    return chosen && candidates.includes(chosen) ? chosen : byPopularity(candidates);
  }
  const rule = HEURISTICS[extKey];
  if (rule && !AFTER_LINGUIST.has(extKey)) {
    const chosen = rule(content(), candidates);
    if (chosen && candidates.includes(chosen)) return chosen;
    return byPopularity(candidates);
  }
  if (hasHeuristics(extKey)) {
    const chosen = byLinguist(extKey, candidates);
    if (chosen?.length === 1) return chosen[0];
    if (chosen) candidates = chosen;
  }
  if (rule) {
    const chosen = rule(content(), candidates);
    if (chosen && candidates.includes(chosen)) return chosen;
  }
  return byPopularity(candidates);
}

const EMACS = /-\*-\s*(?:.*?\bmode:\s*)?([\w+#.-]+?)\s*(?:;.*?)?-\*-/i;
const VIM = /\b(?:vim?|ex):.*?\b(?:ft|filetype|syntax)=([\w+#.-]+)/i;

/** Linguist's scope for modelines: the first and the last five lines (strategy/modeline.rb). */
const MODELINE_LINES = 5;
/** A longer line is read as holding no modeline, so that each regex runs on little text. */
const MODELINE_LINE_BYTES = 300;

/**
 * An editor modeline in the first or the last five lines (`// <vector> -*- C++ -*-`, `# vim:
 * ft=python`, a completion script's closing `# vim: filetype=sh`), which Linguist trusts before
 * anything else; that is how extension-less C++ headers get a language. A Vimball archive's
 * modeline names no language of its own.
 */
function modelineLanguage(head: Uint8Array): string | undefined {
  for (const line of modelineScope(head)) {
    const mode = EMACS.exec(line)?.[1] ?? VIM.exec(line)?.[1];
    if (mode) return aliasLanguage.get(mode.toLowerCase());
  }
  return undefined;
}

/**
 * The first and the last lines a modeline may stand on that could hold one, each line once;
 * none in a Vimball archive (`UseVimball` in its first lines). Most files have none: a span of
 * short lines is read as one string and let go when it holds no mark at all.
 */
function modelineScope(head: Uint8Array): string[] {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.length);
  let firstEnd = 0;
  for (let n = 0; n < MODELINE_LINES && firstEnd < buf.length; n++) {
    const lf = buf.indexOf(10, firstEnd);
    firstEnd = lf === -1 ? buf.length : lf + 1;
  }
  let lastStart = buf[buf.length - 1] === 10 ? buf.length - 1 : buf.length;
  for (let n = 0; n < MODELINE_LINES && lastStart > firstEnd; n++)
    lastStart = Math.max(firstEnd, buf.lastIndexOf(10, lastStart - 1) + 1);
  const first = spanLines(buf, 0, firstEnd);
  if (first.some((line) => line.includes("UseVimball"))) return [];
  return [...first, ...spanLines(buf, lastStart, buf.length)].filter(
    (line) => line.length <= MODELINE_LINE_BYTES && MODELINE_MARK.test(line),
  );
}

const MODELINE_MARK = /-\*-|vi|ex:/i;

/** The lines from `start` to `end`, or none when a span of short lines holds no mark. */
function spanLines(buf: Buffer, start: number, end: number): string[] {
  if (start >= end) return [];
  if (end - start <= MODELINE_LINES * MODELINE_LINE_BYTES) {
    const text = buf.toString("latin1", start, end);
    if (!MODELINE_MARK.test(text) && !text.includes("UseVimball")) return [];
    return text.split("\n");
  }
  const lines: string[] = [];
  for (let from = start; from < end; ) {
    let lf = buf.indexOf(10, from);
    if (lf === -1 || lf > end) lf = end;
    lines.push(lf - from <= MODELINE_LINE_BYTES ? buf.toString("latin1", from, lf) : "");
    from = lf + 1;
  }
  return lines;
}

function intersectOr(preferred: readonly string[], others: readonly string[]): readonly string[] {
  const both = preferred.filter((c) => others.includes(c));
  return both.length > 0 ? both : others;
}
