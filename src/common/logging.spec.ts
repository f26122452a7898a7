import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, PinoNestLogger } from './logging.js';

/** A stream that keeps what is written to it. */
function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object per line by default, with the level as a word and an ISO time', () => {
    const out = sink();
    const log = createLogger({ logLevel: 'log', logFormat: 'json' }, out.stream);
    log.info({ route: '/v1/rules' }, 'request completed');
    log.debug('not at this level');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual(
      expect.objectContaining({
        level: 'info',
        route: '/v1/rules',
        msg: 'request completed',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    );
  });

  it('writes text for a terminal with LOG_FORMAT=pretty', () => {
    const out = sink();
    createLogger({ logLevel: 'log', logFormat: 'pretty' }, out.stream).warn(
      { route: '/v1/rules' },
      'rate limit store unreachable',
    );
    const text = out.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/WARN.*rate limit store unreachable/);
    expect(text).toContain('route: "/v1/rules"');
  });

  it("censors authorization and x-api-key should a request's headers ever be logged", () => {
    const out = sink();
    createLogger({ logLevel: 'log', logFormat: 'json' }, out.stream).info(
      { req: { headers: { authorization: 'Bearer s3cret-token-value', 'x-api-key': 'another-s3cret-key' } } },
      'oops',
    );
    expect(out.text()).not.toContain('s3cret');
    expect(JSON.parse(out.text()).req.headers).toEqual({ authorization: '[redacted]', 'x-api-key': '[redacted]' });
  });

  it('logs nothing when silent', () => {
    const out = sink();
    createLogger({ logLevel: 'silent', logFormat: 'json' }, out.stream).fatal('gone');
    expect(out.text()).toBe('');
  });
});

describe('PinoNestLogger', () => {
  it("puts Nest's context in a field and an error's stack in another", () => {
    const out = sink();
    const nest = new PinoNestLogger(createLogger({ logLevel: 'verbose', logFormat: 'json' }, out.stream));
    nest.log('started', 'Main');
    nest.error('request failed', 'Error: boom\n    at x', 'ProblemFilter');
    nest.verbose('details', 'Main');
    const [log, error, verbose] = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log).toEqual(expect.objectContaining({ level: 'info', context: 'Main', msg: 'started' }));
    expect(error).toEqual(
      expect.objectContaining({
        level: 'error',
        context: 'ProblemFilter',
        msg: 'request failed',
        stack: 'Error: boom\n    at x',
      }),
    );
    expect(verbose).toEqual(expect.objectContaining({ level: 'trace', context: 'Main', msg: 'details' }));
  });
});
