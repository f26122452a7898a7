// The part of MessagePack the Forward protocol needs (nil, bool, ints, float64, str, array, map),
// for the Fluent Bit stand-in and the test's Fluentd-like collector.
export function encode(value) {
  const parts = [];
  const put = (v) => {
    if (v === null || v === undefined) parts.push(Buffer.from([0xc0]));
    else if (v === true || v === false) parts.push(Buffer.from([v ? 0xc3 : 0xc2]));
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 32) {
      if (v < 128) parts.push(Buffer.from([v]));
      else {
        const b = Buffer.alloc(5);
        b[0] = 0xce;
        b.writeUInt32BE(v, 1);
        parts.push(b);
      }
    } else if (typeof v === 'number') {
      const b = Buffer.alloc(9);
      b[0] = 0xcb;
      b.writeDoubleBE(v, 1);
      parts.push(b);
    } else if (typeof v === 'string') {
      const s = Buffer.from(v, 'utf8');
      const head = Buffer.alloc(5);
      head[0] = 0xdb;
      head.writeUInt32BE(s.length, 1);
      parts.push(head, s);
    } else if (Array.isArray(v)) {
      const head = Buffer.alloc(5);
      head[0] = 0xdd;
      head.writeUInt32BE(v.length, 1);
      parts.push(head);
      v.forEach(put);
    } else {
      const entries = Object.entries(v);
      const head = Buffer.alloc(5);
      head[0] = 0xdf;
      head.writeUInt32BE(entries.length, 1);
      parts.push(head);
      for (const [k, x] of entries) {
        put(k);
        put(x);
      }
    }
  };
  put(value);
  return Buffer.concat(parts);
}

/** Decodes one value at `offset`; returns [value, next offset], or undefined when the buffer ends first. */
export function decode(buf, offset = 0) {
  const need = (n) => {
    if (offset + n > buf.length) throw new RangeError('short');
  };
  const read = () => {
    need(1);
    const t = buf[offset++];
    if (t < 0x80) return t;
    if (t >= 0xe0) return t - 0x100;
    if ((t & 0xf0) === 0x80) return map(t & 0x0f);
    if ((t & 0xf0) === 0x90) return arr(t & 0x0f);
    if ((t & 0xe0) === 0xa0) return str(t & 0x1f);
    const n = (bytes, f) => {
      need(bytes);
      const v = f(offset);
      offset += bytes;
      return v;
    };
    switch (t) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xcc:
        return n(1, (o) => buf.readUInt8(o));
      case 0xcd:
        return n(2, (o) => buf.readUInt16BE(o));
      case 0xce:
        return n(4, (o) => buf.readUInt32BE(o));
      case 0xcf:
        return Number(n(8, (o) => buf.readBigUInt64BE(o)));
      case 0xd0:
        return n(1, (o) => buf.readInt8(o));
      case 0xd1:
        return n(2, (o) => buf.readInt16BE(o));
      case 0xd2:
        return n(4, (o) => buf.readInt32BE(o));
      case 0xd3:
        return Number(n(8, (o) => buf.readBigInt64BE(o)));
      case 0xca:
        return n(4, (o) => buf.readFloatBE(o));
      case 0xcb:
        return n(8, (o) => buf.readDoubleBE(o));
      case 0xd9:
        return str(n(1, (o) => buf.readUInt8(o)));
      case 0xda:
        return str(n(2, (o) => buf.readUInt16BE(o)));
      case 0xdb:
        return str(n(4, (o) => buf.readUInt32BE(o)));
      case 0xdc:
        return arr(n(2, (o) => buf.readUInt16BE(o)));
      case 0xdd:
        return arr(n(4, (o) => buf.readUInt32BE(o)));
      case 0xde:
        return map(n(2, (o) => buf.readUInt16BE(o)));
      case 0xdf:
        return map(n(4, (o) => buf.readUInt32BE(o)));
      case 0xd7: // fixext 8: Fluentd EventTime
        need(9);
        offset += 1;
        return n(8, (o) => buf.readUInt32BE(o));
      default:
        throw new Error(`msgpack type 0x${t.toString(16)} not supported`);
    }
  };
  const str = (len) => {
    need(len);
    const s = buf.toString('utf8', offset, offset + len);
    offset += len;
    return s;
  };
  const arr = (len) => Array.from({ length: len }, () => read());
  const map = (len) => {
    const o = {};
    for (let i = 0; i < len; i++) {
      const k = read();
      o[k] = read();
    }
    return o;
  };
  try {
    const value = read();
    return [value, offset];
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}
