// Slow clients cannot hold a connection: headers that trickle in, a body that trickles in and a
// connection that sends nothing are each cut off (HEADERS_TIMEOUT, REQUEST_TIMEOUT,
// CONNECTION_TIMEOUT), while other clients are served. The service listens for real here, with
// short timeouts so the test is quick; each client would go on sending for far longer than them.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timeouts } from '../src/config/app-config.js';
import { startTestApp } from './support/app.js';

const TIMEOUTS: Timeouts = { headersMs: 400, requestMs: 800, connectionMs: 1500, keepAliveMs: 1000 };
/** how long each slow client would keep sending if nobody stopped it */
const CLIENT_PATIENCE_MS = 20_000;

let app: NestFastifyApplication;
let port: number;
beforeAll(async () => {
  app = await startTestApp({ config: { timeouts: TIMEOUTS } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.getHttpServer().address() as { port: number }).port;
});
afterAll(async () => {
  await app?.close();
});

/**
 * Opens a connection, sends `head` at once, then one byte of `trickle` every 100 ms. Resolves when
 * the server closes the connection, with what it answered, how many trickled bytes it had taken
 * and whether the client was still sending.
 */
function slowClient(head: string, trickle: string): Promise<{ answer: string; sent: number; cutOff: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server still held the connection after ${CLIENT_PATIENCE_MS} ms`));
    }, CLIENT_PATIENCE_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => {}); // a reset is a close as well
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, sent, cutOff: sent < trickle.length });
    });
    socket.on('connect', () => {
      if (head) socket.write(head);
      timer = setInterval(() => {
        if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++]!);
      }, 100);
    });
  });
}

describe('slow clients are cut off', () => {
  it('headers that never finish: HEADERS_TIMEOUT ends the connection', async () => {
    const { answer, cutOff } = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: ' + 'a'.repeat(1000));
    expect(cutOff).toBe(true);
    // Node answers 408 when nothing was answered yet, or just closes
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('a body that trickles in: REQUEST_TIMEOUT ends the request', async () => {
    const body = JSON.stringify({
      app: { name: 'slow', image: 'busybox', env: [{ name: 'A', value: 'x'.repeat(500) }] },
    });
    const head = `POST /v1/bundles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, cutOff } = await slowClient(head, body);
    expect(cutOff).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a connection that sends nothing is closed', async () => {
    // slowClient rejects if the server keeps the connection open for CLIENT_PATIENCE_MS
    const { answer } = await slowClient('', '');
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('other clients are served meanwhile', async () => {
    const slow = slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: ' + 'a'.repeat(1000));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect((await slow).cutOff).toBe(true);
  });

  it('an ordinary request on a kept-alive connection still works', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/patterns`);
    expect(res.status).toBe(200);
  });
});
