// What "KMS Lint: Recommend for This Workspace" writes, as plain text functions (no vscode API,
// so they are unit-tested): the extension added to `.vscode/extensions.json` with comments and
// layout kept, and a starter `.kms-lint.yaml`.
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';

export const EXTENSION_ID = 'kms-lint.kms-lint';

/**
 * `.vscode/extensions.json` text that recommends `id`: a new file for empty text, else the
 * existing text with one array entry added. Undefined when it is already recommended.
 * Throws when the text is not a JSON object (the user's file is never rewritten blindly).
 */
export function addRecommendation(text: string, id: string = EXTENSION_ID): string | undefined {
  if (!text.trim()) return `{\n  "recommendations": [\n    "${id}"\n  ]\n}\n`;
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length || typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new Error('.vscode/extensions.json is not a valid JSON object');
  }
  const current = (root as { recommendations?: unknown }).recommendations;
  const formattingOptions = { insertSpaces: !/^\t/m.test(text), tabSize: indentWidth(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  if (Array.isArray(current)) {
    if (current.some((r) => typeof r === 'string' && r.toLowerCase() === id.toLowerCase())) return undefined;
    return applyEdits(text, modify(text, ['recommendations', current.length], id, { isArrayInsertion: true, formattingOptions }));
  }
  return applyEdits(text, modify(text, ['recommendations'], [id], { formattingOptions }));
}

/** The indentation width the file already uses (2 when it has none). */
function indentWidth(text: string): number {
  const m = /^( +)\S/m.exec(text);
  return m ? m[1].length : 2;
}

export const STARTER_CONFIG = `# kms-lint settings for this repository: the editor extension and \`kms-lint scan\` in CI
# both read this file. Every rule is on at its default severity unless set below.

# Severity per rule: off | info | warning | error
rules:
  export-allowed: error
  rotation-schedule: warning

# Regions keys may be created in (cross-region-key reports keys elsewhere).
# allowedRegions:
#   - nl-01

rotation:
  # Rotation periods longer than this are reported.
  maxDays: 365

# Files not to analyse, as globs relative to this file.
# ignore:
#   - "examples/**"
`;
