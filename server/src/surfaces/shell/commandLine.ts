// One simple command as the CLI interpreters (tcloud, curl) see it: its words, where it runs, and
// the host locations fixes need (a flag with its value, where to append a flag, where to insert a
// command before it).
import type { FactSet, Loc } from '../../engine/types';
import { hostLoc, hostPointAfter, hostStart, hostTextOf, type ShellSource } from './shellSource';
import type { Stdin } from './products';
import type { Word } from './words';

/** Where a command's stdout goes. */
export type Stdout = 'terminal' | 'captured' | 'piped' | 'file';

export interface CommandSite {
  src: ShellSource;
  facts: FactSet;
  scope: string;
  inLoop: boolean;
  stdout: Stdout;
  /** Where stdin comes from (`curl -d @-` reads a heredoc). */
  stdin?: Stdin;
  /** The next position in the scope (facts in execution order). */
  order(): number;
  /** Script range of the whole command, wrappers (`sudo`) included. */
  from: number;
  to: number;
  /** The program word (`tcloud`, `./bin/tcloud`, `curl`) and the words after it. */
  program: Word;
  args: Word[];
}

export function loc(site: CommandSite, from: number, to: number): Loc {
  return hostLoc(site.src, from, to);
}

export function wordLoc(site: CommandSite, word: Word): Loc {
  return hostLoc(site.src, word.from, word.to);
}

/** The host text a word was written as (`"$KEY"`, `--region=nl-01`). */
export function writtenText(site: CommandSite, word: Word): string {
  return hostTextOf(site.src, word.from, word.to);
}

/** A zero-width location after the last argument (before redirects, pipes, comments). */
export function afterLastArgument(site: CommandSite): Loc {
  const last = site.args[site.args.length - 1] ?? site.program;
  return hostPointAfter(site.src, last.to);
}

/**
 * What to delete to remove the arguments `first..last` (indices into `args`) cleanly: with the
 * whitespace before them, and with the line continuation when they are alone on a continued line;
 * when other arguments follow on their own line, with the whitespace after them instead.
 */
export function removeArgsLoc(site: CommandSite, first: number, last: number): Loc {
  const text = site.src.text;
  const words = [site.program, ...site.args];
  const prev = words[first];
  const start = words[first + 1].from;
  const end = words[last + 1].to;
  const next = words[last + 2];
  const newlineBefore = text.slice(prev.to, start).includes('\n');
  if (newlineBefore && next && !text.slice(end, next.from).includes('\n')) return loc(site, start, next.from);
  return loc(site, prev.to, end);
}

/** The line break style of the host around `offset`. */
function lineBreak(src: ShellSource, offset: number): string {
  const nl = src.hostText.indexOf('\n', offset);
  return nl > 0 && src.hostText[nl - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Where and how to put `command` before this command: on its own line above it, with the same
 * indentation (or line prefix the host allows, like `RUN `), when the command starts its line;
 * otherwise in front of it, joined with `&&`.
 */
export function insertBefore(site: CommandSite, command: string): { loc: Loc; indent: string; text: string } {
  const { text, hostText, hostLines } = site.src;
  let i = site.from - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  const startsLine = i < 0 || text[i] === '\n';
  const continued = startsLine && i > 0 && (text[i - 1] === '\\' || (text[i - 1] === '\r' && text[i - 2] === '\\'));
  const at = hostStart(site.src, site.from);
  if (startsLine && !continued) {
    const lineStart = at - hostLines.pos(at).character;
    const indent = site.src.linePrefix(hostText.slice(lineStart, at));
    if (indent !== undefined) {
      return { loc: hostLines.loc(site.src.file, lineStart, lineStart), indent, text: `${indent}${command}${lineBreak(site.src, at)}` };
    }
  }
  return { loc: hostLines.loc(site.src.file, at, at), indent: '', text: `${command} && ` };
}
