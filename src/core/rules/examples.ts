// Builders for the manifests in rule pages, so each example shows only what differs.

/** A Pod manifest for examples: "web" with the given spec lines (indented two spaces), labels and annotations (indented four). */
export function podExample(spec: string, labels = '', annotations = ''): string {
  const meta = `${labels ? `  labels:\n${labels}` : ''}${annotations ? `  annotations:\n${annotations}` : ''}`;
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n${meta}spec:\n${spec}`;
}
