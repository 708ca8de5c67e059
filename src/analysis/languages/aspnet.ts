/**
 * What an ASP.NET file says of its server code (ASP.NET's "Directives" and "Code Declaration
 * Blocks"): the language it is written in, named by the Language attribute of its first
 * directive that has one (`<%@ Page Language="C#" %>`), else by that of its first
 * `<script runat="server">`; and whether the file is a handler or a web service
 * (`<%@ WebHandler %>`, `<%@ WebService %>`: an .ashx or .asmx), whose text is that code itself
 * rather than a page.
 */

export interface AspNetCode {
  /** Linguist's name of the server code's language; undefined where none is named. */
  language: string | undefined;
  /** The first directive is a WebHandler's or a WebService's. */
  handler: boolean;
}

// The names ASP.NET's compilers answer to (the .NET Framework's machine.config, <compilers>).
const LANGUAGES: Readonly<Record<string, string>> = {
  "c#": "C#",
  cs: "C#",
  csharp: "C#",
  vb: "Visual Basic .NET",
  vbs: "Visual Basic .NET",
  visualbasic: "Visual Basic .NET",
  vbscript: "Visual Basic .NET",
  js: "JavaScript",
  jscript: "JavaScript",
  javascript: "JavaScript",
};
const LANGUAGE_ATTRIBUTE = /\slanguage\s*=\s*["']?([\w#]+)/i;
const RUNAT_SERVER = /\srunat\s*=\s*["']?server(?![\w-])/i;
const HANDLERS = new Set(["webhandler", "webservice"]);

/**
 * Reads the directives, each `<%@` to its `%>`, and the start tags of scripts, each `<script` to
 * its `>`: a search that finds no end stops there, so the file is read once.
 *
 * @example
 * aspNetCode(Buffer.from('<%@ WebHandler Language="c#" Class="H" %>\nusing System;\n'));
 * // { language: "C#", handler: true }
 */
export function aspNetCode(bytes: Uint8Array): AspNetCode {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  let handler: boolean | undefined;
  for (let at = text.indexOf("<%@"); at !== -1; at = text.indexOf("<%@", at)) {
    const end = text.indexOf("%>", at);
    if (end === -1) break;
    const directive = text.slice(at + 3, end);
    handler ??= HANDLERS.has(/^\s*(\w*)/.exec(directive)?.[1]?.toLowerCase() ?? "");
    const language = languageIn(directive);
    if (language) return { language, handler };
    at = end + 2;
  }
  const lower = text.toLowerCase();
  for (let at = lower.indexOf("<script"); at !== -1; at = lower.indexOf("<script", at)) {
    const end = lower.indexOf(">", at);
    if (end === -1) break;
    const tag = text.slice(at + 7, end);
    if (/^\s/.test(tag) && RUNAT_SERVER.test(tag))
      return { language: languageIn(tag), handler: handler ?? false };
    at = end + 1;
  }
  return { language: undefined, handler: handler ?? false };
}

function languageIn(attributes: string): string | undefined {
  const name = LANGUAGE_ATTRIBUTE.exec(attributes)?.[1];
  return name === undefined ? undefined : LANGUAGES[name.toLowerCase()];
}
