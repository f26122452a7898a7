// STAND-IN for percona mongodb_exporter (Debian's prometheus-mongodb-exporter is a different
// program): serves /metrics on --web.listen-address and reports mongodb_up 1 or 0 by whether the
// server in MONGODB_URI accepts a connection at scrape time, as the real exporter reports a failed
// connection as mongodb_up 0 instead of failing (exporter/exporter.go, Handler). It never exits
// because MongoDB is away.
import { createServer } from 'node:http';
import { connect } from 'node:net';

const listen = process.argv.find((a) => a.startsWith('--web.listen-address='))?.split('=')[1] ?? ':9216';
const uri = new URL(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017');
const up = () =>
  new Promise((resolve) => {
    const socket = connect({ host: uri.hostname, port: Number(uri.port || 27017) });
    socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
    socket.once('connect', () => {
      socket.destroy();
      resolve(1);
    });
    socket.once('error', () => resolve(0));
  });
createServer(async (req, res) => {
  if (req.url !== '/metrics') {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  res.end(`# HELP mongodb_up Whether MongoDB is up.\n# TYPE mongodb_up gauge\nmongodb_up ${await up()}\n`);
}).listen(Number(listen.split(':').pop()), listen.split(':')[0] || '0.0.0.0');
process.on('SIGTERM', () => process.exit(0));
