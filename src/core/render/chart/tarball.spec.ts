import { gunzipSync, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { FIXED_MTIME, packChart } from './tarball.js';

async function headers(tgz: Buffer): Promise<{ header: tar.Header; body: string }[]> {
  const out: { header: tar.Header; body: string }[] = [];
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      out.push({ header: entry.header, body: Buffer.concat(chunks).toString('utf8') });
    }
  })();
  extract.end(gunzipSync(tgz));
  await done;
  return out;
}

describe('packChart', () => {
  const files = {
    'values.yaml': 'a: 1\n',
    'Chart.yaml': 'name: x\n',
    'templates/b.yaml': 'é\n',
    '.helmignore': '*.swp\n',
  };

  it('gives the same bytes for the same files, in any order', async () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(Buffer.compare(await packChart('x', files), await packChart('x', reversed))).toBe(0);
  });

  it('writes Chart.yaml first, then the other files sorted, 0644 under <name>/ with a fixed time and no owner names', async () => {
    const entries = await headers(await packChart('x', files));
    expect(entries.map((e) => e.header.name)).toEqual([
      'x/Chart.yaml',
      'x/.helmignore',
      'x/templates/b.yaml',
      'x/values.yaml',
    ]);
    for (const { header } of entries) {
      expect(header).toMatchObject({ type: 'file', mode: 0o644, uid: 0, gid: 0, uname: '', gname: '' });
      expect(header.mtime?.getTime()).toBe(FIXED_MTIME.getTime());
    }
    expect(entries.find((e) => e.header.name === 'x/templates/b.yaml')?.body).toBe('é\n');
  });

  it('has a gzip header without a time and with the same OS byte everywhere', async () => {
    const gz = await packChart('x', files);
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(gz.readUInt32LE(4)).toBe(0);
    expect(gz[9]).toBe(255);
  });

  it('compresses at the best level (9): the same bytes as gzip -9 of its tar, OS byte aside', async () => {
    const gz = await packChart('x', files);
    const best = gzipSync(gunzipSync(gz), { level: 9 });
    best[9] = 255;
    expect(Buffer.compare(gz, best)).toBe(0);
    const fast = gzipSync(gunzipSync(gz), { level: 1 });
    fast[9] = 255;
    expect(Buffer.compare(gz, fast)).not.toBe(0);
  });
});
