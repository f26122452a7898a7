// A Fluentd-like collector for the tests: accepts the Forward protocol (Forward mode
// [tag, [[time, record], ...]] and Message mode [tag, time, record]) on <host> <port> and appends
// every record as one JSON line to <file>.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { decode } from './msgpack.mjs';

const [host, port, file] = process.argv.slice(2);
createServer((socket) => {
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const result = decode(buf);
      if (!result) break;
      const [message, next] = result;
      buf = buf.subarray(next);
      const events = Array.isArray(message[1]) ? message[1] : [[message[1], message[2]]];
      appendFileSync(file, events.map(([, record]) => `${JSON.stringify(record)}\n`).join(''));
    }
  });
  socket.on('error', () => {});
}).listen(Number(port), host);
process.on('SIGTERM', () => process.exit(0));
