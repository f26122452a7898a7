import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMAGE_REFERENCE } from '../../model/grammars.js';
import { imageProblem, joinImage, splitImage } from './image-ref.js';
import { propertyRun } from '../../../../test/support/property-seed.js';

describe('splitImage', () => {
  it.each([
    ['ghcr.io/acme/orders:1.4.2', { repository: 'ghcr.io/acme/orders', tag: '1.4.2', digest: '' }],
    ['mongo:7.0.14', { repository: 'mongo', tag: '7.0.14', digest: '' }],
    ['nginx', { repository: 'nginx', tag: '', digest: '' }],
    ['localhost:5000/team/app', { repository: 'localhost:5000/team/app', tag: '', digest: '' }],
    ['localhost:5000/team/app:v2', { repository: 'localhost:5000/team/app', tag: 'v2', digest: '' }],
    [
      `registry.example.com/app:1.0@sha256:${'a'.repeat(64)}`,
      { repository: 'registry.example.com/app', tag: '1.0', digest: `sha256:${'a'.repeat(64)}` },
    ],
    [`app@sha256:${'b'.repeat(64)}`, { repository: 'app', tag: '', digest: `sha256:${'b'.repeat(64)}` }],
  ])('splits %s', (reference, parts) => {
    expect(splitImage(reference)).toEqual(parts);
    expect(joinImage(parts)).toBe(reference);
    expect(imageProblem(reference)).toBeUndefined();
  });

  it('joins back to the same reference, whatever the reference', () => {
    const segment = fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,8}[a-z0-9])?$/);
    const reference = fc
      .tuple(
        fc.option(fc.constantFrom('ghcr.io', 'localhost:5000', 'mirror.example.com:8443')),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/)),
        fc.option(fc.stringMatching(/^[0-9a-f]{64}$/)),
      )
      .map(
        ([registry, path, tag, digest]) =>
          `${registry ? `${registry}/` : ''}${path.join('/')}${tag ? `:${tag}` : ''}${digest ? `@sha256:${digest}` : ''}`,
      );
    fc.assert(
      fc.property(reference, (ref) => {
        expect(joinImage(splitImage(ref))).toBe(ref);
        expect(imageProblem(ref)).toBeUndefined();
      }),
      propertyRun('image reference joins back', 100),
    );
  });

  it('names the part that values cannot hold', () => {
    expect(imageProblem('app:bad tag')).toMatch(/tag/);
    expect(imageProblem('app@md5:xyz')).toMatch(/digest/);
    expect(imageProblem('-app')).toMatch(/repository/);
    // a digest with nothing before it: no repository, not a tag of "@sha256"
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(splitImage(`@${digest}`)).toEqual({ repository: '', tag: '', digest });
    expect(imageProblem(`@${digest}`)).toBe('its repository "" is not valid in an image reference');
    // a trailing colon the split drops: the parts do not join back to the reference
    expect(imageProblem('app:')).toBe('not a single image reference');
  });
});

describe('IMAGE_REFERENCE (the request grammar) and imageProblem (what the chart can carry)', () => {
  it.each([
    'nginx',
    'a',
    'ghcr.io/acme/orders:1.4.2',
    'localhost:5000/team/app',
    'localhost:5000/team/app:v2',
    'a:b',
    `app@sha256:${'b'.repeat(64)}`,
  ])('both accept %s', (reference) => {
    expect(IMAGE_REFERENCE.test(reference)).toBe(true);
    expect(imageProblem(reference)).toBeUndefined();
  });

  it.each(['!', 'a:-x', 'a:', 'a@', 'a/', '-a', 'a:b/', 'a@sha256:xyz', `a:${'t'.repeat(129)}`])(
    'both refuse %s',
    (reference) => {
      expect(IMAGE_REFERENCE.test(reference)).toBe(false);
      expect(imageProblem(reference)).toBeDefined();
    },
  );

  it('agree on any string of image characters', () => {
    const reference = fc.string({ unit: fc.constantFrom(...'aZ09._-/:@+', ...'0123456789abcdef'), maxLength: 48 });
    fc.assert(
      fc.property(reference, (ref) => IMAGE_REFERENCE.test(ref) === (imageProblem(ref) === undefined)),
      propertyRun('image grammars agree', 20_000),
    );
  });
});
