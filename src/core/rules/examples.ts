// Builders for the manifests in rule pages, so each example shows only what differs.

/** A Pod manifest for examples: "web" with the given spec lines (indented two spaces). */
export function podExample(spec: string, labels = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n${labels ? `  labels:\n${labels}` : ''}spec:\n${spec}`;
}
