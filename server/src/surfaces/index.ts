// The surface registry: one extractor per kind of file. Adding a language = one folder here + one line below.
import type { SurfaceExtractor } from '../engine/engine';
import { createGoExtractor } from './go/extractGoFacts';
import { createShellHostsExtractor } from './hosts/extractHostFacts';
import { createHttpExtractor } from './http/extractHttpFacts';
import { createJavaScriptExtractor } from './javascript/extractJavaScriptFacts';
import { createMarkdownExtractor } from './markdown/extractMarkdownFacts';
import { createPythonExtractor } from './python/extractPythonFacts';
import { createShellExtractor } from './shell/extractShellFacts';
import { createTerraformExtractor } from './terraform/extractTerraformFacts';

export function createExtractors(): SurfaceExtractor[] {
  return [createTerraformExtractor(), createGoExtractor(), createHttpExtractor(), createJavaScriptExtractor(), createMarkdownExtractor(), createShellExtractor(), createShellHostsExtractor(), createPythonExtractor()];
}
