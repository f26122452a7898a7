// An outside HTTP API for the tests: answers every request with {"url": <request URI>} after
// <delayMs> (0: at once), on <host> <port>.
import { createServer } from 'node:http';

const [host, port, delayMs = '0'] = process.argv.slice(2);
createServer((req, res) => {
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: req.url }));
  }, Number(delayMs));
}).listen(Number(port), host);
process.on('SIGTERM', () => process.exit(0));
