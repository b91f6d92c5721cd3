import type { SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';

export function createGoExtractor(): SurfaceExtractor {
  return {
    id: 'go',
    accepts: (file) => file.endsWith('.go'),
    async extract() {
      return emptyFacts(); // TODO(go helper)
    },
  };
}
