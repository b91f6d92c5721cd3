// `curl` to the Thalassa API → a RestCall (method, URL piece by piece, JSON body with exact
// positions), interpreted by the shared REST module.
import type { Loc } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { mergeFacts } from '../common';
import { restCallFacts, type RestBody, type RestCall, type UrlPart } from '../rest/restCall';
import { insertBefore, loc, wordLoc, writtenText, type CommandSite } from './commandLine';
import { shellJsonBody } from './shellJsonBody';
import { pieceRange, stepsTrace, type Product, type Word } from './words';

/** Short options that take a value (the rest of the cluster or the next word). */
const SHORT_VALUE = new Set('XdHouAbceFTwxKmrEDUYyzCQtP'.split(''));
const LONG_VALUE = new Set([
  '--request', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json', '--header', '--output',
  '--user', '--user-agent', '--cookie', '--cookie-jar', '--referer', '--form', '--form-string', '--upload-file', '--write-out',
  '--proxy', '--config', '--max-time', '--range', '--cert', '--key', '--cacert', '--capath', '--connect-timeout', '--retry',
  '--retry-delay', '--retry-max-time', '--url', '--oauth2-bearer', '--resolve', '--interface', '--dump-header', '--limit-rate',
  '--max-filesize', '--proxy-user', '--aws-sigv4', '--variable', '--continue-at', '--quote', '--time-cond', '--telnet-option',
  '--cert-type', '--key-type', '--pass', '--ciphers', '--netrc-file', '--unix-socket', '--url-query', '--expand-data', '--expand-url',
]);
const SHORT_NAMES: Record<string, string> = { X: '--request', d: '--data', H: '--header', o: '--output', F: '--form', T: '--upload-file', G: '--get', I: '--head' };
const DATA_FLAGS = new Set(['--data', '--data-raw', '--data-binary', '--data-ascii', '--json']);

interface Option {
  name: string;
  /** Indices into args of its first and last word. */
  first: number;
  last: number;
  value?: Word;
}

function parseCurlArgs(args: Word[]): { options: Option[]; urls: Word[] } {
  const options: Option[] = [];
  const urls: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const literal = word.literalPrefix;
    if (!literal.startsWith('-') || literal === '-') {
      urls.push(word);
      continue;
    }
    if (literal.startsWith('--')) {
      const eq = literal.indexOf('=');
      // curl has no `--opt=value` syntax, but a value glued on like that is still not a URL.
      const name = eq > 0 ? literal.slice(0, eq) : literal;
      if (LONG_VALUE.has(name) && eq < 0 && i + 1 < args.length) options.push({ name, first: i, last: i + 1, value: args[++i] });
      else options.push({ name, first: i, last: i });
      continue;
    }
    // A cluster of short options: `-sS`, `-XPOST`, `-sSX POST`.
    for (let k = 1; k < literal.length; k++) {
      const letter = literal[k];
      const name = SHORT_NAMES[letter] ?? `-${letter}`;
      if (!SHORT_VALUE.has(letter)) {
        options.push({ name, first: i, last: i });
        continue;
      }
      if (k + 1 < literal.length || word.text !== literal) options.push({ name, first: i, last: i, value: word.sliceAfter(k + 1) });
      else if (i + 1 < args.length) options.push({ name, first: i, last: i + 1, value: args[++i] });
      break;
    }
  }
  for (const o of options) if (o.name === '--url' && o.value) urls.push(o.value);
  return { options, urls };
}

/** The URL as text parts (written literally, with locations) and substituted values. */
function urlParts(site: CommandSite, word: Word): UrlPart[] {
  const parts: UrlPart[] = [];
  for (const piece of word.pieces) {
    const exact = piece.exact && piece.site === word.site;
    const range = exact ? piece : pieceRange(piece);
    const where = loc(site, range.from, range.to);
    if (piece.hole) {
      const product = piece.hole.product;
      parts.push({ kind: 'value', value: unknown(piece.hole.reason, stepsTrace(piece.steps, false)), loc: where, ...(product?.kind === 'key' ? { defId: product.defId } : {}) });
    } else if (exact) {
      const last = parts[parts.length - 1];
      // Adjacent literal text is one part (`/v1/kms/` split by an escape is still one path).
      if (last?.kind === 'text' && last.loc && last.loc.range.end.line === where.range.start.line && last.loc.range.end.character === where.range.start.character) {
        parts[parts.length - 1] = { kind: 'text', text: last.text + piece.text, loc: { file: where.file, range: { start: last.loc.range.start, end: where.range.end } } };
      } else parts.push({ kind: 'text', text: piece.text ?? '', loc: where });
    } else {
      parts.push({ kind: 'value', value: known(piece.text ?? '', stepsTrace(piece.steps, false)), loc: where });
    }
  }
  return parts;
}

function body(site: CommandSite, options: Option[]): RestBody | undefined {
  const data = options.filter((o) => DATA_FLAGS.has(o.name) || o.name === '--data-urlencode' || o.name === '--form' || o.name === '--form-string');
  if (!data.length) return undefined;
  const first = data[0];
  const whole = loc(site, site.args[first.first].from, site.args[data[data.length - 1].last].to);
  // Several data options are joined with `&`; forms and URL-encoded data are not JSON.
  if (data.length > 1 || !DATA_FLAGS.has(first.name) || !first.value) return { kind: 'unknown', loc: whole };
  const value = first.value;
  const text = value.text;
  if (first.name !== '--data-raw' && value.literalPrefix.startsWith('@')) {
    const path = value.sliceAfter(1).text;
    if (path && path !== '-') return { kind: 'file', path, loc: wordLoc(site, value) };
    // `@-` reads stdin: a heredoc or here-string right on the command is the body.
    const stdin = site.stdin?.text;
    if (path === '-' && stdin) return stdin.text === undefined || stdin.text.trim().startsWith('{') ? shellJsonBody(site.src, stdin) : { kind: 'unknown', loc: wordLoc(site, stdin) };
    return { kind: 'unknown', loc: wordLoc(site, value) };
  }
  if (text !== undefined && !text.trim().startsWith('{')) return { kind: 'unknown', loc: wordLoc(site, value) };
  return shellJsonBody(site.src, value);
}

function methodOf(options: Option[], hasBody: boolean): { word?: Word; option?: Option; method: string | undefined } {
  const request = [...options].reverse().find((o) => o.name === '--request' && o.value);
  if (request) return { word: request.value, option: request, method: request.value!.text?.toUpperCase() };
  if (options.some((o) => o.name === '--get')) return { method: 'GET' };
  if (options.some((o) => o.name === '--head')) return { method: 'HEAD' };
  if (options.some((o) => o.name === '--upload-file')) return { method: 'PUT' };
  return { method: hasBody ? 'POST' : 'GET' };
}

/** The same request as POST …/disable (method and body options dropped), or undefined when the URL cannot be extended safely. */
function disableRequest(site: CommandSite, options: Option[], url: Word): string | undefined {
  const urlText = writtenText(site, url);
  if (urlText.includes('?') || urlText.includes('#')) return undefined;
  const closing = /["']$/.test(urlText) && urlText.length > 1 ? urlText.slice(-1) : '';
  const disableUrl = closing ? `${urlText.slice(0, -1)}/disable${closing}` : `${urlText}/disable`;
  const dropped = new Set<number>();
  for (const o of options) {
    if (o.name !== '--request' && !DATA_FLAGS.has(o.name)) continue;
    for (let i = o.first; i <= o.last; i++) dropped.add(i);
  }
  const parts = [writtenText(site, site.program), '-X', 'POST'];
  site.args.forEach((arg, i) => {
    if (dropped.has(i)) return;
    parts.push(arg === url ? disableUrl : writtenText(site, arg));
  });
  return parts.join(' ');
}

/** Interprets a `curl …` command: facts for Thalassa API calls; returns what it prints when that matters. */
export function interpretCurl(site: CommandSite): Product | undefined {
  const { options, urls } = parseCurlArgs(site.args);
  if (urls.length !== 1) return undefined;
  const url = urls[0];
  const requestBody = body(site, options);
  const method = methodOf(options, !!requestBody);
  const nameLoc: Loc = method.option ? loc(site, site.args[method.option.first].from, site.args[method.option.last].to) : wordLoc(site, site.program);
  const call: RestCall = {
    surface: 'rest',
    method: method.method !== undefined ? known(method.method) : (method.word?.value() ?? unknown('no method')),
    url: url.value(),
    urlLoc: wordLoc(site, url),
    urlParts: urlParts(site, url),
    ...(requestBody ? { body: requestBody } : {}),
    loc: loc(site, site.from, site.to),
    nameLoc,
    scope: site.scope,
    order: site.order(),
    inLoop: site.inLoop,
  };
  if (method.method === 'DELETE' && site.src.rewritable) {
    const text = disableRequest(site, options, url);
    if (text) call.statementStart = insertBefore(site, text);
  }
  const facts = restCallFacts(call);
  mergeFacts(site.facts, facts);
  if (facts.keys.length) return { kind: 'key', defId: facts.keys[0].id };
  const toFile = options.some((o) => o.name === '--output' || o.name === '-O' || o.name === '--remote-name');
  const purpose = facts.uses[0]?.purpose;
  if (!toFile && (purpose === 'decrypt' || purpose === 'export')) return { kind: 'sensitive', value: purpose === 'decrypt' ? 'plaintext' : 'key-material', loc: nameLoc };
  return undefined;
}
