// Files that embed shell commands: CI YAML (GitHub Actions, GitLab CI), Makefiles and
// Dockerfiles. Each host finds its scripts and hands them to the shell analysis with a map back
// to its own positions.
import type { SurfaceExtractor } from '../../engine/engine';
import { perFileExtractor } from '../common';
import { ciKind, extractCiYaml } from './ciYaml';

export function createShellHostsExtractor(): SurfaceExtractor {
  return perFileExtractor(
    'shell-hosts',
    (file) => ciKind(file) !== undefined,
    async (file) => extractCiYaml(file.path, file.text, ciKind(file.path)!),
  );
}
