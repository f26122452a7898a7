// Runs inside a pod's network namespace for the test (the kubelet's side, not sandboxed): probes
// httpGet and tcpSocket on the pod's loopback, and makes the test's own requests there. One JSON
// request per stdin line, one JSON answer per stdout line.
import { request } from 'node:http';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

function http({ port, path, timeoutMs, method = 'GET', body, headers = {} }) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          ok: res.statusCode >= 200 && res.statusCode < 400,
          status: res.statusCode,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', (err) => resolve({ ok: false, error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ ok: false, error: err.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function tcp({ port, timeoutMs, send }) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(
        send === undefined
          ? { ok: false, error: 'timeout' }
          : { ok: true, body: Buffer.concat(chunks).toString('utf8') },
      );
    }, timeoutMs);
    socket.once('connect', () => {
      if (send === undefined) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ok: true });
      } else socket.write(send);
    });
    socket.on('data', (c) => {
      chunks.push(c);
      // a test request ends at the first complete line of the answer
      if (Buffer.concat(chunks).includes('\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ok: true, body: Buffer.concat(chunks).toString('utf8') });
      }
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, error: err.message });
    });
  });
}

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const msg = JSON.parse(line);
  const answer = msg.kind === 'http' ? await http(msg) : await tcp(msg);
  process.stdout.write(`${JSON.stringify({ id: msg.id, ...answer })}\n`);
});
lines.on('close', () => process.exit(0));
