// A chart folder as a reproducible .tgz: Chart.yaml first (as `helm package` writes it, so a reader
// of the first entry finds the chart's metadata), then the other entries sorted, all under
// `<name>/`, regular files 0644 owned by 0:0 with no user or group names, one fixed mtime, and a
// gzip header without a time or host OS. The same files always give the same bytes.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import * as tar from 'tar-stream';

/** 2000-01-01T00:00:00Z: any fixed instant would do; some tools warn about the epoch itself. */
export const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));
const CHART_FILE = 'Chart.yaml';
/** gzip header byte 9: the OS field; 255 means "unknown", the same on every platform. */
const GZIP_OS_BYTE = 9;
/** off the event loop: level 9 on a chart's ~100 KB takes milliseconds (same bytes as gzipSync) */
const gzipAsync = promisify(gzip);

export async function packChart(name: string, files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  const paths = Object.keys(files).sort((a, b) =>
    a === CHART_FILE ? -1 : b === CHART_FILE ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const path of paths) {
    const body = Buffer.from(files[path], 'utf8');
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        {
          name: `${name}/${path}`,
          type: 'file',
          mode: 0o644,
          uid: 0,
          gid: 0,
          uname: '',
          gname: '',
          mtime: FIXED_MTIME,
          size: body.length,
        },
        body,
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }
  pack.finalize();
  await collected;
  // zlib writes mtime 0 in the header when given a buffer; the OS byte depends on the build.
  const gz = await gzipAsync(Buffer.concat(chunks), { level: 9 });
  gz[GZIP_OS_BYTE] = 255;
  return gz;
}
