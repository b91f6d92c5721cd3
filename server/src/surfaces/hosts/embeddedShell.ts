// Helpers the shell hosts (CI YAML, Makefile, Dockerfile) share: turning decoded host text into a
// ShellSource, and collecting the host's own `#` comments.
import type { Comment } from '../../engine/types';
import type { LineIndex } from '../common';
import type { HostValue, ShellTextBuilder } from '../shell/shellSource';
import type { Decoded } from './yamlScalars';

/** A host substitution found in decoded text at `index`: how many characters it spans and its value. */
export type Substitution = (text: string, index: number) => { length: number; value: HostValue } | undefined;

/** Appends decoded text to a builder, replacing host substitutions by markers. */
export function appendDecoded(builder: ShellTextBuilder, decoded: Decoded, substitute?: Substitution): void {
  for (let i = 0; i < decoded.text.length; i++) {
    const sub = substitute?.(decoded.text, i);
    if (sub && builder.marker(sub.value, decoded.starts[i], decoded.ends[i + sub.length - 1])) {
      i += sub.length - 1;
      continue;
    }
    builder.put(decoded.text[i], decoded.starts[i], decoded.ends[i]);
  }
}

/** `#` comments of a line-based host (Makefile, Dockerfile): from `#` to the end of the line. */
export function lineComment(file: string, lines: LineIndex, text: string, hash: number): Comment {
  let end = text.indexOf('\n', hash);
  if (end < 0) end = text.length;
  if (text[end - 1] === '\r') end--;
  return { loc: lines.loc(file, hash, end), text: text.slice(hash, end) };
}
