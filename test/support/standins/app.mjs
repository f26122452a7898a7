// Stand-in for an app container in pod-runner tests (the app's own image is not available): an
// HTTP server whose readiness is its own state only, that writes numbered log lines into its log
// directory and calls its ambassadors on loopback for the test. Settings come from STANDIN_* env
// vars the test adds.
//   GET /ready, GET /            200 while the process serves
//   GET /stub_status             nginx's status text (for an app that is nginx)
//   GET /log?n=K                 appends K numbered lines to STANDIN_LOG_FILE, answers the last number
//   GET /http?port=P&path=X      calls http://127.0.0.1:P<X>, answers {status, body} or {error}
//   GET /redis?port=P&cmd=...    sends one Redis command (words split on spaces), answers its reply
import { appendFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

const port = Number(process.env.STANDIN_PORT);
const logFile = process.env.STANDIN_LOG_FILE;
const json = process.env.STANDIN_LOG_FORMAT === 'json';
let seq = 0;

function writeLines(n) {
  let text = '';
  for (let i = 0; i < n; i++) {
    seq += 1;
    text += json ? `${JSON.stringify({ seq, level: 'info', msg: `line ${seq}` })}\n` : `line ${seq}\n`;
  }
  appendFileSync(logFile, text);
  return seq;
}

function callHttp(target, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: target, path, timeout: 10000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ error: err.message }));
    req.end();
  });
}

function callRedis(target, cmd) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: target });
    let reply = '';
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), 5000);
    // as a RESP array: twemproxy takes no inline commands
    const words = cmd.split(' ');
    socket.once('connect', () =>
      socket.write(`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`),
    );
    socket.on('data', (c) => {
      reply += c;
      const lines = reply.split('\r\n');
      // a bulk string's value is on the second line
      const done = lines.length > 1 && (!reply.startsWith('$') || reply.startsWith('$-1') || lines.length > 2);
      if (done) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ reply: reply.startsWith('$') && !reply.startsWith('$-1') ? lines[1] : lines[0] });
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      resolve({ error: err.message });
    });
    socket.on('close', () => resolve({ error: reply ? `closed after ${JSON.stringify(reply)}` : 'closed' }));
  });
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://app');
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/ready' || url.pathname === '/') return send(200, { ready: true });
  if (url.pathname === '/stub_status') {
    // nginx's stub_status text, for an app that is nginx (the nginx exporter reads it)
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(
      'Active connections: 1 \nserver accepts handled requests\n 1 1 1 \nReading: 0 Writing: 1 Waiting: 0 \n',
    );
  }
  if (url.pathname === '/log') return send(200, { last: writeLines(Number(url.searchParams.get('n') ?? 1)) });
  if (url.pathname === '/http')
    return send(200, await callHttp(Number(url.searchParams.get('port')), url.searchParams.get('path') ?? '/'));
  if (url.pathname === '/redis')
    return send(200, await callRedis(Number(url.searchParams.get('port')), url.searchParams.get('cmd')));
  send(404, { error: 'not found' });
}).listen(port, '0.0.0.0');
process.on('SIGTERM', () => process.exit(0));
