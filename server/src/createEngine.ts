// The engine with every surface and rule registered: what the CLI, the server and the tests use.
import { Engine } from './engine/engine';
import type { ConfigFile } from './engine/config';
import { RULES } from './rules';
import { createExtractors } from './surfaces';

export function createEngine(root: string, settings?: ConfigFile): Engine {
  return new Engine({ root, extractors: createExtractors(), rules: RULES, settings });
}
