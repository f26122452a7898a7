// A minimal DNS server on 127.0.0.1 (UDP) for end-to-end tests that need names resolved without a
// network: it answers A queries for the names it is given and records every query it receives.
import { createSocket, type Socket } from 'node:dgram';

export interface DnsServer {
  port: number;
  /** names asked for, in order (lower case, without the trailing dot) */
  queries: string[];
  close(): Promise<void>;
}

const TYPE_A = 1;

/** Reads the question name starting at byte 12; returns it and the offset after QTYPE/QCLASS. */
function question(msg: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let i = 12;
  while (msg[i] !== 0) {
    labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString('ascii'));
    i += msg[i] + 1;
  }
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(i + 1), end: i + 5 };
}

export function startDnsServer(records: Record<string, string>): Promise<DnsServer> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, peer) => {
    const q = question(msg);
    queries.push(q.name);
    const address = q.type === TYPE_A ? records[q.name] : undefined;
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    // flags: response, RD+RA; NXDOMAIN for unknown names
    header.writeUInt16BE(0x8180 | (records[q.name] === undefined ? 3 : 0), 2);
    header.writeUInt16BE(1, 4); // one question
    header.writeUInt16BE(address ? 1 : 0, 6); // answers
    const answer = address
      ? Buffer.concat([
          Buffer.from([0xc0, 0x0c, 0, TYPE_A, 0, 1, 0, 0, 0, 60, 0, 4]),
          Buffer.from(address.split('.').map(Number)),
        ])
      : Buffer.alloc(0);
    socket.send(Buffer.concat([header, msg.subarray(12, q.end), answer]), peer.port, peer.address);
  });
  return new Promise((resolve) => {
    socket.bind(0, '127.0.0.1', () =>
      resolve({ port: socket.address().port, queries, close: () => new Promise((done) => socket.close(() => done())) }),
    );
  });
}
