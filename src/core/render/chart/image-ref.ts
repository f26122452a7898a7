// Image references split into the repository / tag / digest that chart values expose, and joined
// back the same way the chart's templates join them.
import { IMAGE_PATTERNS } from '../../model/grammars.js';

export { IMAGE_PATTERNS };

export interface ImageParts {
  repository: string;
  /** "" when the reference has no tag */
  tag: string;
  /** "" when the reference has no digest, else e.g. sha256:<hex> */
  digest: string;
}

export function splitImage(reference: string): ImageParts {
  let rest = reference;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  // a colon before the last slash belongs to a registry port, not a tag
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest };
}

export function joinImage(parts: ImageParts): string {
  return `${parts.repository}${parts.tag ? `:${parts.tag}` : ''}${parts.digest ? `@${parts.digest}` : ''}`;
}

/** Which part of the reference breaks the values grammar, if any. */
export function imageProblem(reference: string): string | undefined {
  const parts = splitImage(reference);
  if (joinImage(parts) !== reference) return 'not a single image reference';
  for (const key of ['repository', 'tag', 'digest'] as const) {
    if (!new RegExp(IMAGE_PATTERNS[key]).test(parts[key]))
      return `its ${key} "${parts[key]}" is not valid in an image reference`;
  }
  return undefined;
}
