// Every surface while the user is typing: each fixture cut at many points (deterministic) must
// analyse without an extractor or rule failing, and without throwing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { walkWorkspace } from '../../server/src/engine/walkWorkspace';
import { analyze } from '../helpers/ruleTester';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const SOURCE = /\.(tf|tofu|tfvars|go|sh|md|http|py|ts|js|yml|yaml|json)$|(^|\/)(Makefile|Dockerfile)$/;
const CUTS = 12;

const files = walkWorkspace(FIXTURES).filter((f) => SOURCE.test(f) && !f.includes(`${path.sep}sarif${path.sep}`));

test('half-typed files never make an extractor or a rule fail', { timeout: 240_000 }, async () => {
  assert.ok(files.length > 30, `fixtures found: ${files.length}`);
  const failures: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const name = path.relative(FIXTURES, file);
    for (let i = 1; i <= CUTS; i++) {
      const cut = Math.floor((text.length * i) / (CUTS + 1));
      const { notes } = await analyze({ [name]: text.slice(0, cut) });
      for (const note of notes) if (/failed|stopped/.test(note.message)) failures.push(`${name} cut at ${cut}: ${note.message}`);
    }
  }
  assert.deepEqual(failures, []);
});
