// Types of scripts/k8s-fields.mjs, for the tests that import it.
export interface FieldCatalogue {
  kinds: Record<string, string>;
  types: Record<string, Record<string, string>>;
}
export function declarationFiles(dir: string): string[];
export function walkKinds(files: string[], typeName: (name: string, file: string) => string): FieldCatalogue;
export function kubernetesModelsTypeName(name: string, file: string): string;
