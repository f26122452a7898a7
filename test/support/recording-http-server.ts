// A small upstream HTTP server for end-to-end tests: it records every request it gets and
// answers with who it is and what it saw.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingServer {
  name: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export function startRecordingServer(name: string, server: Server = createServer()): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ server: name, url: seen.url }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return reject(new Error('no TCP address'));
      resolve({
        name,
        port: address.port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
