import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../model/errors.js';
import type { PresetItem } from '../../model/request.js';
import { composeBundle } from '../../../../test/support/validated.js';
import { PORT_REFERENCE_SCHEMA, isPlainObject, isPortReference } from './adapter-params.js';

function errors(adapter: Record<string, unknown>) {
  try {
    composeBundle({
      app: { name: 'shop', image: 'ghcr.io/acme/shop:2.0.1', ports: [{ name: 'http', containerPort: 8080 }] },
      adapters: [{ preset: 'prometheus-exporter', name: 'm', ...adapter } as PresetItem],
      target: { kubernetesVersion: '1.33' },
    });
  } catch (err) {
    if (err instanceof InvalidRequestError) return err.errors;
    throw err;
  }
  throw new Error('expected an InvalidRequestError');
}

const SECRET_ADVICE = (property: string, what: string, example: string) =>
  `credentials are only accepted by Secret reference: store the ${what} in a Secret (e.g. kubectl create secret generic <name> --from-literal=<key>=${example}) and give ${property}: { "secretName": "<name>", "key": "<key>" }`;

describe('adapter parameters', () => {
  it('takes a port by name or by a whole number 1-65535, nothing else', () => {
    expect([1, 8080, 65535, 'http', 'a', 'metrics-15chars'].filter(isPortReference)).toEqual([
      1,
      8080,
      65535,
      'http',
      'a',
      'metrics-15chars',
    ]);
    expect(
      [0, -1, 65536, 1.5, Number.NaN, '', 'Not A Port', 'sixteen-chars-xx', true, null, {}, ['http']].filter(
        isPortReference,
      ),
    ).toEqual([]);
  });

  it('says what a port reference is when it is none', () => {
    expect(errors({ source: 'nginx', port: 0 })).toEqual([
      {
        pointer: '/adapters/0/port',
        detail:
          'port must name a port of the app: its name from app.ports (at most 15 characters: a-z, 0-9, "-") or its number (1-65535)',
      },
    ]);
  });

  it('describes a port reference in the schema as a port name or a port number', () => {
    expect(PORT_REFERENCE_SCHEMA).toEqual({
      oneOf: [
        { type: 'string', pattern: expect.any(String), description: 'the name of a port in app.ports' },
        { type: 'integer', minimum: 1, maximum: 65535, description: 'the number of a port in app.ports' },
      ],
    });
  });

  it('tells a plain object from null, lists and primitives', () => {
    expect([{}, { a: 1 }, Object.create(null)].every(isPlainObject)).toBe(true);
    expect([null, undefined, [], [1], 'x', 3, true].filter(isPlainObject)).toEqual([]);
  });

  it.each([
    ['mongodb://monitor:pw@127.0.0.1:27017/admin', 'an inline connection URI with credentials (user:password@)'],
    ['mongodb://:@127.0.0.1', 'an inline connection URI with credentials (user:password@)'],
    ['mongodb://127.0.0.1:27017/admin', 'an inline connection URI'],
    // the "@" is past the authority: no credentials in it
    ['mongodb://127.0.0.1:27017/x:y@z', 'an inline connection URI'],
    ['mongodb://us er:pw@127.0.0.1', 'an inline connection URI'],
    ['mongodb:/u:p@h', 'an inline connection URI'],
    [42, 'a number'],
    [true, 'a boolean'],
  ])('refuses a connection given as %j: it says it got %s and asks for a Secret', (connection, said) => {
    const [e, ...rest] = errors({ source: 'mongodb', connection });
    expect(rest).toEqual([]);
    expect(e).toEqual({
      pointer: '/adapters/0/connection',
      detail: expect.stringMatching(/^connection got /),
    });
    const prefix = `connection got ${said}; `;
    expect(e.detail.startsWith(prefix)).toBe(true);
    expect(e.detail.slice(prefix.length)).toBe(
      SECRET_ADVICE(
        'connection',
        'connection URI',
        "'postgresql://user:password@127.0.0.1:5432/postgres?sslmode=disable' for postgres (sslmode=disable for a server without TLS, verify-full with TLS: without sslmode the exporter requires TLS), 'mongodb://user:password@127.0.0.1:27017/admin' for mongodb",
      ),
    );
  });

  it('refuses an inline password with the password example, and a list with its own message', () => {
    expect(errors({ source: 'redis', port: 'http', password: 'pw' })).toEqual([
      {
        pointer: '/adapters/0/password',
        detail: `password got an inline password; ${SECRET_ADVICE('password', 'password', '<password>')}`,
      },
    ]);
    expect(errors({ source: 'redis', port: 'http', password: [{ secretName: 's', key: 'k' }] })).toEqual([
      {
        pointer: '/adapters/0/password',
        detail: 'password must be one Secret reference { "secretName", "key" }, not a list',
      },
    ]);
  });
});
