import type { SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';

export function createTerraformExtractor(): SurfaceExtractor {
  return {
    id: 'terraform',
    accepts: (file) => /\.(tf|tofu|tfvars)$|\.tf\.json$|\.tfvars\.json$/.test(file),
    async extract() {
      return emptyFacts(); // TODO(terraform helper)
    },
  };
}
