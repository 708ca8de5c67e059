// The plain form git writes after the ident's last ">": seconds since the epoch and the
// committer's offset. Past the year 9999 a date no longer prints in four digits.
const PLAIN_DATE = /^ (\d{1,12}) ([+-])(\d\d)([0-5]\d)$/;
const LAST_SECOND_OF_9999 = 253_402_300_799;

/**
 * The committer date of a commit object (`git cat-file commit`) as git 2.39's `%cI` prints it:
 * strict ISO 8601 in the committer's own offset, `2023-11-14T23:43:20+01:30`. It is read here,
 * from the object the scan's reader already has, rather than asked of a `git log -1` (a
 * process less a job). Undefined for anything but the plain form git writes (`committer
 * <name> <mail> <seconds> <+|-hhmm>` in a header of text): git prints odd dates in ways of its
 * own (an offset of `+01` as `+00:01`, an unreadable one as the literal `%cI`), and the caller
 * asks git for those, so the report says what git says. Like git, the last committer line of
 * the header counts. One plain date git refuses to print, one before 1970 once the offset is
 * applied (`0 -0100`), is printed all the same (`1969-12-31T23:00:00-01:00`): the report says
 * when the commit was made where git would fail. Newer git (2.45) writes a zero offset as `Z`;
 * this is the form of the image's git (Debian bookworm's 2.39), so reports keep their form.
 *
 * @example
 * committerDate(Buffer.from("tree …\ncommitter C <c@d> 1700000000 +0130\n\nmsg\n"));
 * // "2023-11-14T23:43:20+01:30"
 */
export function committerDate(commit: Buffer): string | undefined {
  const blank = commit.indexOf("\n\n");
  const header = commit.subarray(0, blank === -1 ? commit.length : blank + 1);
  // git reads the header as a C string, and re-encodes a commit that names an encoding.
  if (header.includes(0) || header.includes("\nencoding ")) return undefined;
  const at = header.lastIndexOf("\ncommitter ");
  if (at === -1) return undefined;
  const end = header.indexOf(10, at + 1);
  const line = header.toString("latin1", at + 1, end === -1 ? header.length : end);
  const mailEnd = line.lastIndexOf(">");
  const mailStart = line.indexOf("<");
  if (mailStart === -1 || mailStart > mailEnd) return undefined;
  const date = PLAIN_DATE.exec(line.slice(mailEnd + 1));
  if (!date) return undefined;
  const [, seconds, sign, hours, minutes] = date as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const offset = (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const local = Number(seconds) + offset * 60;
  if (local > LAST_SECOND_OF_9999) return undefined;
  // git prints "-0000" as "+00:00": its sign comes from the offset's value.
  return `${new Date(local * 1000).toISOString().slice(0, 19)}${offset < 0 ? "-" : "+"}${hours}:${minutes}`;
}
