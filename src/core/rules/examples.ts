// Builders for the manifests in rule pages, so each example shows only what differs.

/** A Pod manifest for examples: "web" with the given spec lines (indented two spaces), labels and annotations (indented four). */
export function podExample(spec: string, labels = '', annotations = ''): string {
  const meta = `${labels ? `  labels:\n${labels}` : ''}${annotations ? `  annotations:\n${annotations}` : ''}`;
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n${meta}spec:\n${spec}`;
}

/**
 * A Deployment manifest for examples: "web" (pods labelled app: web) running nginx, with the given
 * spec lines (indented two spaces) before the selector and container lines (indented ten) after its image.
 */
export function deploymentExample(spec = '', container = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${spec}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
${container}`;
}
