// `kms-lint server --stdio` hands the process over to the language server (run from source).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');

function frame(message: object): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('kms-lint server', () => {
  it('--stdio answers initialize and exits 0 after shutdown/exit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'server', '--stdio'], { cwd: ROOT });
    const deadline = setTimeout(() => child.kill(), 30_000);
    try {
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk) => (err += chunk));
      const initialized = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.includes('"id":1,"result"')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`server exited (${code}) before answering: ${err}`)));
      });
      child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      await initialized;
      assert.match(out, /"capabilities":\{/);
      child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
      child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      clearTimeout(deadline);
      child.kill();
    }
  });
});
