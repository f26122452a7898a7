import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { Type } from './class-metadata.js';
import { IsInt, IsOptional, IsString, ValidateNested, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { closest, fieldErrors, UNKNOWN_FIELD } from './validation-errors.js';

class Port {
  @IsInt() containerPort: number;
  @IsOptional() @IsString() protocol?: string;
}
class Thing {
  @IsString() image: string;
  @IsOptional() @IsString() imagePullPolicy?: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Port) ports?: Port[];
}

const errorsOf = (plain: object) =>
  fieldErrors(validateSync(plainToInstance(Thing, plain), { whitelist: true, forbidNonWhitelisted: true }), '/app');

describe('fieldErrors', () => {
  it('points at a typo and names the field it was probably meant to be', () => {
    expect(errorsOf({ image: 'x', imagePullpolicy: 'Always' })).toEqual([
      { pointer: '/app/imagePullpolicy', detail: `${UNKNOWN_FIELD}; did you mean "imagePullPolicy"?` },
    ]);
    expect(errorsOf({ image: 'x', ports: [{ containerPort: 1, protocl: 'TCP' }] })).toEqual([
      { pointer: '/app/ports/0/protocl', detail: `${UNKNOWN_FIELD}; did you mean "protocol"?` },
    ]);
  });

  it('does not guess for a field unlike any known one', () => {
    expect(errorsOf({ image: 'x', replicas: 3 })).toEqual([{ pointer: '/app/replicas', detail: UNKNOWN_FIELD }]);
  });

  it('reports a missing field once, as required', () => {
    expect(errorsOf({})).toEqual([{ pointer: '/app/image', detail: 'image is required' }]);
  });
});

describe('closest', () => {
  it('matches case slips and small edits only', () => {
    expect(closest('imagepullpolicy', ['image', 'imagePullPolicy'])).toBe('imagePullPolicy');
    expect(closest('imgae', ['image', 'ports'])).toBe('image');
    expect(closest('foo', ['image', 'ports'])).toBeUndefined();
    expect(closest('env', ['ports'])).toBeUndefined();
  });
});
