// Which comment syntax a suppression directive inserted by a code action is written in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentSyntaxAt, fileNameForLanguage } from '../../server/src/lsp/languageDefaults';

describe('commentSyntaxAt', () => {
  it('follows the file type', () => {
    assert.deepEqual(commentSyntaxAt('/ws/main.tf', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/prod.tfvars', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/main.tofu', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/deploy.sh', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/Makefile', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/Dockerfile', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/.github/workflows/ci.yml', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/keys.http', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/tool.py', '', 0), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/keys.go', '', 0), { start: '//' });
    assert.deepEqual(commentSyntaxAt('/ws/client.ts', '', 0), { start: '//' });
    assert.deepEqual(commentSyntaxAt('/ws/client.mjs', '', 0), { start: '//' });
  });

  it('has none for formats without comments', () => {
    assert.equal(commentSyntaxAt('/ws/main.tf.json', '{}', 0), undefined);
    assert.equal(commentSyntaxAt('/ws/body.json', '{}', 0), undefined);
  });

  it('in Markdown, uses HTML comments in prose and the fence language inside code blocks', () => {
    const md = ['# Keys', '', '```bash', 'tcloud kms keys create --export-allowed', '```', '', '~~~~go', 'x := 1', '```', '~~~~', 'text', '```', 'plain fence'].join('\n');
    assert.deepEqual(commentSyntaxAt('/ws/README.md', md, 0), { start: '<!--', end: '-->' });
    assert.deepEqual(commentSyntaxAt('/ws/README.md', md, 2), { start: '<!--', end: '-->' }, 'the opening fence line is not code');
    assert.deepEqual(commentSyntaxAt('/ws/README.md', md, 3), { start: '#' });
    assert.deepEqual(commentSyntaxAt('/ws/README.md', md, 4), { start: '<!--', end: '-->' }, 'the closing fence line is not code');
    assert.deepEqual(commentSyntaxAt('/ws/README.md', md, 7), { start: '//' });
    assert.deepEqual(commentSyntaxAt('/ws/README.md', md, 8), { start: '//' }, 'a shorter fence of another kind does not close it');
    assert.deepEqual(commentSyntaxAt('/ws/README.md', md, 10), { start: '<!--', end: '-->' });
    assert.equal(commentSyntaxAt('/ws/README.md', md, 12), undefined, 'a fence without a language has no known comment syntax');
  });
});

describe('fileNameForLanguage', () => {
  it('names untitled documents so the engine picks their surface', () => {
    assert.equal(fileNameForLanguage('terraform'), 'untitled.tf');
    assert.equal(fileNameForLanguage('dockerfile'), 'Dockerfile');
    assert.equal(fileNameForLanguage('plaintext'), undefined);
  });
});
