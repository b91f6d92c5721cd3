// Which surface reads a fence, by its info string. Embedded extractors get the host text with
// everything outside the fence blanked, so their positions are Markdown positions.
import type { FactSet } from '../../engine/types';
import { extractGoText } from '../go/extractGoFacts';
import { extractBodyText, extractHttpText } from '../http/extractHttpFacts';
import { extractShellText } from '../shell/extractShellFacts';
import { extractTerraformText } from '../terraform/extractTerraformFacts';

export type EmbeddedExtractor = (file: string, virtualText: string, scope: string) => Promise<FactSet>;

export const FENCE_LANGUAGES: Record<string, EmbeddedExtractor> = {
  hcl: extractTerraformText,
  terraform: extractTerraformText,
  tf: extractTerraformText,
  tofu: extractTerraformText,
  go: extractGoText,
  golang: extractGoText,
  sh: extractShellText,
  bash: extractShellText,
  shell: extractShellText,
  zsh: extractShellText,
  console: extractShellText,
  'shell-session': extractShellText,
  http: extractHttpText,
  rest: extractHttpText,
  json: extractBodyText('json'),
  jsonc: extractBodyText('json'),
  yaml: extractBodyText('yaml'),
  yml: extractBodyText('yaml'),
};
