import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRun } from '../../../test/support/property-seed.js';
import { pointerToField } from './engine.js';

/** The field of a JSON Pointer as first written: split, unescape, then indexes in brackets and names after dots. */
const reference = (path: string) =>
  path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');

describe('pointerToField', () => {
  it('writes indexes in brackets and names after dots', () => {
    expect(pointerToField('')).toBe('');
    expect(pointerToField('/spec/template/spec/containers/1/ports/0')).toBe(
      'spec.template.spec.containers[1].ports[0]',
    );
    expect(pointerToField('/metadata/annotations/a~1b~0c')).toBe('metadata.annotations.a/b~c');
    expect(pointerToField('/0/a')).toBe('[0].a');
    expect(pointerToField('//x/')).toBe('x.');
  });

  it('gives the field of any pointer as the first way of writing it did', () => {
    const segment = fc.oneof(
      fc.constantFrom('', '0', '12', '007', '1a', '~0', '~1', '~01', 'a~1b', '١', 'spec'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const path = segments.map((s) => `/${s}`).join('');
        expect(pointerToField(path)).toBe(reference(path));
      }),
      propertyRun('pointerToField', 2000),
    );
  });
});
