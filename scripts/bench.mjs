// `npm run bench [-- --files N --seed S --keep]`: scan speed on a synthetic workspace, from the
// TypeScript sources (CommonJS, like the tests, through tsx), so it needs no build.
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const { runBench } = createRequire(import.meta.url)('./bench/bench.ts');
await runBench(process.argv.slice(2));
