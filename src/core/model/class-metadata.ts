// Which class each nested object or array item is, for the schema derivation (class-validator-
// jsonschema) and the size guard. class-transformer keeps its own @Type record in a storage its public
// entry does not export; rather than reach into the package's build for it, the request classes use
// this module's Type, which applies class-transformer's decorator and keeps a record of its own here.
import 'reflect-metadata';
// eslint-disable-next-line no-restricted-imports -- the one place that applies class-transformer's Type
import { Type as TransformerType, type TypeOptions } from 'class-transformer';
import type { validationMetadatasToSchemas } from 'class-validator-jsonschema';

type Class = abstract new (...args: never[]) => unknown;
type TypeFunction = Parameters<typeof TransformerType>[0];
/** The storage type class-validator-jsonschema's option names (class-transformer's, not exported). */
type TypeStorage = NonNullable<
  NonNullable<Parameters<typeof validationMetadatasToSchemas>[0]>['classTransformerMetadataStorage']
>;

/** What class-validator-jsonschema reads of a property's type (its `findTypeMetadata` answer). */
export interface TypeRecord {
  target: Class;
  propertyName: string;
  typeFunction: TypeFunction;
  /** the property's declared type (design:type), e.g. Map or Array */
  reflectedType: unknown;
  options: TypeOptions;
}

const records = new Map<Class, Map<string, TypeRecord>>();

/** class-transformer's @Type, recorded where typeMetadata finds it. */
export function Type(typeFunction: TypeFunction, options: TypeOptions = {}): PropertyDecorator {
  const transformerDecorator = TransformerType(typeFunction, options);
  return (prototype, key) => {
    transformerDecorator(prototype, key);
    const target = prototype.constructor as Class;
    const propertyName = String(key);
    const reflectedType: unknown = Reflect.getMetadata('design:type', prototype, key);
    const own = records.get(target) ?? new Map<string, TypeRecord>();
    own.set(propertyName, { target, propertyName, typeFunction, reflectedType, options });
    records.set(target, own);
  };
}

/**
 * The @Type record of a property, looked up on the class and then on its ancestors (a class that
 * extends another inherits its nested types), as class-transformer's own storage answers.
 */
function findTypeMetadata(target: Class, propertyName: string): TypeRecord | undefined {
  for (let cls: unknown = target; typeof cls === 'function' && cls !== Function.prototype;) {
    const found = records.get(cls as Class)?.get(propertyName);
    if (found) return found;
    cls = Object.getPrototypeOf(cls) as unknown;
  }
  return undefined;
}

/**
 * The storage class-validator-jsonschema takes as `classTransformerMetadataStorage`. No request class
 * renames a property with @Expose({ name }) or leaves one out with @Exclude, so those answers are empty.
 */
export const typeMetadata = {
  findTypeMetadata,
  getExposedMetadatas: (_target: Class): never[] => [],
  findExcludeMetadata: (_target: Class, _propertyName: string): undefined => undefined,
} as unknown as TypeStorage;
