// Builders for the manifests in rule pages, so each example shows only what differs.

/**
 * A Pod manifest for examples: "web" with the given spec lines (indented two spaces), labels and
 * annotations (indented four).
 */
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

/**
 * A Deployment "web" selecting app=<selected> whose pod template is labelled app=<label>, with a
 * spec of one nginx container, or with no spec at all (only labels) when `container` is false.
 */
export function labelledTemplate(label: string, { selected = label, container = false } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: ${selected}
  template:
    metadata:
      labels:
        app: ${label}
${container ? '    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n' : ''}`;
}

/** A Service "web" sending traffic to pods labelled app=web: port 80 to the given targetPort. */
export function webService(targetPort: string | number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: ${targetPort}
`;
}
