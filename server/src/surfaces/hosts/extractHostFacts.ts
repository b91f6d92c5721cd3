// Files that embed shell commands: CI YAML (GitHub Actions, GitLab CI), Makefiles and
// Dockerfiles. Each host finds its scripts and hands them to the shell analysis with a map back
// to its own positions.
import type { SurfaceExtractor } from '../../engine/engine';
import { perFileExtractor } from '../common';
import { ciKind, extractCiYaml } from './ciYaml';
import { extractDockerfile, isDockerfile } from './dockerfile';
import { extractMakefile, isMakefile } from './makefile';

export function createShellHostsExtractor(): SurfaceExtractor {
  return perFileExtractor(
    'shell-hosts',
    (file) => ciKind(file) !== undefined || isMakefile(file) || isDockerfile(file),
    async (file) => {
      const kind = ciKind(file.path);
      if (kind) return extractCiYaml(file.path, file.text, kind);
      if (isDockerfile(file.path)) return extractDockerfile(file.path, file.text);
      return extractMakefile(file.path, file.text);
    },
  );
}
