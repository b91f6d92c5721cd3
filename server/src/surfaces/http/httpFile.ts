// The request structure of `.http` / `.rest` files (VS Code REST Client, JetBrains HTTP client):
//
//   @name = value                      file variable
//   ### optional title                 request separator
//   # comment / // comment             (`# @name createKey` names the request)
//   METHOD URL [HTTP/1.1]              request line (a bare URL is a GET)
//   Header: value                      headers, up to the first blank line
//                                      blank line
//   { "json": "body" }                 body, or `< ./file.json` / `<@ ./file.json`
//   > {% handler %}  /  >> out.json    response handler / redirect (ignored)
//
// There is no parser package for this format, so this is a small line tokenizer for exactly that
// grammar. Everything is kept as offsets into the file text.

export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

export interface HttpVariable {
  name: string;
  value: TextSpan;
  /** The whole `@name = value` line. */
  line: TextSpan;
}

export interface HttpRequest {
  /** The `###` line that opens this request's block, when there is one. */
  separator?: TextSpan;
  /** Start of the first comment / request line of the block (after variables and blank lines). */
  contentStart: number;
  /** `# @name X` / `// @name X`. */
  name?: string;
  method?: TextSpan;
  url: TextSpan;
  httpVersion?: string;
  requestLine: TextSpan;
  headers: TextSpan[];
  body?: { span: TextSpan; fileRef?: { path: string; processVariables: boolean } };
  /** End of the request's last line (request line, header or body). */
  end: number;
}

export interface HttpFile {
  requests: HttpRequest[];
  variables: HttpVariable[];
  /** Comment lines and separator titles. */
  comments: TextSpan[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE']);

interface Line extends TextSpan {
  /** Offset just past the line break. */
  next: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const brk = nl < 0 ? text.length : nl;
    const end = brk > start && text[brk - 1] === '\r' ? brk - 1 : brk;
    lines.push({ text: text.slice(start, end), start, end, next: nl < 0 ? text.length + 1 : nl + 1 });
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

/** `line` without leading whitespace, with its new start offset. */
function trimmedStart(line: Line): TextSpan {
  const lead = line.text.length - line.text.trimStart().length;
  return { text: line.text.slice(lead).trimEnd(), start: line.start + lead, end: line.start + lead + line.text.slice(lead).trimEnd().length };
}

function isComment(t: string): boolean {
  return t.startsWith('#') || t.startsWith('//');
}

/** `@name = value` (one line; the name may not contain spaces). */
function variableDefinition(line: Line): HttpVariable | undefined {
  const t = trimmedStart(line);
  if (!t.text.startsWith('@')) return undefined;
  const eq = t.text.indexOf('=');
  if (eq < 0) return undefined;
  const name = t.text.slice(1, eq).trim();
  if (!name || /\s/.test(name)) return undefined;
  const raw = t.text.slice(eq + 1);
  const lead = raw.length - raw.trimStart().length;
  const valueStart = t.start + eq + 1 + lead;
  const value = raw.trim();
  return { name, value: { text: value, start: valueStart, end: valueStart + value.length }, line: t };
}

/** `# @name createKey` / `// @name createKey` / `# @name=createKey`. */
function requestName(comment: string): string | undefined {
  const body = comment.replace(/^(#+|\/\/+)/, '').trim();
  if (!body.startsWith('@name')) return undefined;
  const rest = body.slice('@name'.length).replace(/^\s*=?\s*/, '').trim();
  return rest && !/\s/.test(rest) ? rest : undefined;
}

function parseRequestLine(t: TextSpan): Pick<HttpRequest, 'method' | 'url' | 'httpVersion'> {
  const firstSpace = t.text.search(/\s/);
  const first = firstSpace < 0 ? t.text : t.text.slice(0, firstSpace);
  let method: TextSpan | undefined;
  let rest = t.text;
  let restStart = t.start;
  if (METHODS.has(first.toUpperCase()) && firstSpace > 0) {
    method = { text: first.toUpperCase(), start: t.start, end: t.start + first.length };
    const after = t.text.slice(firstSpace);
    const lead = after.length - after.trimStart().length;
    rest = after.trimStart();
    restStart = t.start + firstSpace + lead;
  }
  let httpVersion: string | undefined;
  const versionAt = rest.search(/\s+HTTP\/[\d.]+$/i);
  if (versionAt >= 0) {
    httpVersion = rest.slice(versionAt).trim();
    rest = rest.slice(0, versionAt);
  }
  return { method, url: { text: rest, start: restStart, end: restStart + rest.length }, httpVersion };
}

export function parseHttpFile(text: string): HttpFile {
  const file: HttpFile = { requests: [], variables: [], comments: [] };
  const lines = splitLines(text);
  let i = 0;
  while (i < lines.length) {
    let separator: TextSpan | undefined;
    const first = trimmedStart(lines[i]);
    if (first.text.startsWith('###')) {
      separator = first;
      file.comments.push(first);
      i++;
    }
    // Block: up to the next separator.
    let end = i;
    while (end < lines.length && !trimmedStart(lines[end]).text.startsWith('###')) end++;
    const request = parseBlock(lines.slice(i, end), file, separator);
    if (request) file.requests.push(request);
    i = end;
  }
  return file;
}

function parseBlock(lines: Line[], file: HttpFile, separator: TextSpan | undefined): HttpRequest | undefined {
  let state: 'pre' | 'headers' | 'body' | 'after' = 'pre';
  let request: HttpRequest | undefined;
  let contentStart: number | undefined;
  let name: string | undefined;
  const bodyLines: Line[] = [];
  for (const line of lines) {
    const t = trimmedStart(line);
    if (state === 'pre') {
      if (!t.text) continue;
      const variable = variableDefinition(line);
      if (variable) {
        file.variables.push(variable);
        continue;
      }
      contentStart ??= t.start;
      if (isComment(t.text)) {
        file.comments.push(t);
        name = requestName(t.text) ?? name;
        continue;
      }
      request = { separator, contentStart, name, ...parseRequestLine(t), requestLine: t, headers: [], end: t.end };
      state = 'headers';
    } else if (state === 'headers') {
      if (!t.text) {
        state = 'body';
      } else if (isComment(t.text)) {
        file.comments.push(t);
      } else if (line.text.match(/^\s/) && (t.text.startsWith('?') || t.text.startsWith('&'))) {
        // A query continuation line: part of the URL, not of its path.
        request!.end = t.end;
      } else {
        request!.headers.push(t);
        request!.end = t.end;
      }
    } else if (state === 'body') {
      if (t.text.startsWith('>')) state = 'after';
      else bodyLines.push(line);
    }
  }
  if (!request) return undefined;
  // Blank lines around the body are not part of it.
  while (bodyLines.length && !bodyLines[0].text.trim()) bodyLines.shift();
  while (bodyLines.length && !bodyLines[bodyLines.length - 1].text.trim()) bodyLines.pop();
  if (bodyLines.length) {
    const start = bodyLines[0].start;
    const end = bodyLines[bodyLines.length - 1].end;
    const span: TextSpan = { text: bodyLines.map((l) => l.text).join('\n'), start, end };
    request.body = { span };
    const firstBody = trimmedStart(bodyLines[0]);
    if (bodyLines.length === 1 && firstBody.text.startsWith('<')) {
      // `< path` or `<@ path` / `<@encoding path` (the @ asks the client to substitute variables).
      const ref = firstBody.text.slice(1);
      const processVariables = ref.startsWith('@');
      const pathText = (processVariables ? ref.replace(/^@\S*/, '') : ref).trim();
      if (pathText) request.body.fileRef = { path: pathText, processVariables };
    }
    request.end = end;
  }
  return request;
}

/** A `{{…}}` reference in some text, with offsets into the file. */
export interface VariableRef {
  /** The name inside the braces, trimmed. */
  name: string;
  start: number;
  end: number;
}

/** The `{{…}}` references in `text`, which starts at file offset `base`. */
export function variableRefs(text: string, base: number): VariableRef[] {
  const refs: VariableRef[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    refs.push({ name: text.slice(open + 2, close).trim(), start: base + open, end: base + close + 2 });
    from = close + 2;
  }
  return refs;
}
