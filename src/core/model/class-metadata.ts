// class-transformer's @Type metadata (which class each nested object or array item is) lives in a
// storage its public entry does not export; class-validator-jsonschema's README reads it from the
// package's CommonJS build, and so do the schema derivation and the size guard, through this module:
// the one place that reaches into the package (pinned in package.json, so the path cannot move).
import { createRequire } from 'node:module';
// eslint-disable-next-line import-x/no-internal-modules -- the one documented place (above)
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';

// eslint-disable-next-line no-restricted-syntax -- the one documented place (above)
const storage = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: MetadataStorage;
};
export const typeMetadata = storage.defaultMetadataStorage;
