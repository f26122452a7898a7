import { describe, expect, it } from 'vitest';
import { constant, templateFiles, type TemplateContext } from './templates.js';

const ctx = (over: Partial<TemplateContext> = {}): TemplateContext => ({
  name: 'orders',
  workload: 'Deployment',
  namespaced: true,
  helperKeys: ['sidecars/logs', 'adapters/nginx-metrics'],
  roles: [
    { container: 'logs', role: 'sidecar/log-forwarder', helper: 'sidecars/logs' },
    { container: 'nginx-metrics', role: 'adapter/prometheus-exporter', helper: 'adapters/nginx-metrics' },
  ],
  ...over,
});

describe('constant', () => {
  it.each(['orders', 'sidecars/logs', 'adapter/prometheus-exporter', 'a'])('lets the name %s into a template', (name) => {
    expect(constant(name)).toBe(name);
  });

  it.each(['{{ .Release.Name }}', 'a b', 'x"y', 'Orders', '-x', 'x-', '', 'a}}{{b', 'a\nb'])('refuses %j', (text) => {
    expect(() => constant(text)).toThrow(/refusing/);
  });
});

describe('templateFiles', () => {
  it('names the workload template after the kind and adds the headless Service for a StatefulSet', () => {
    expect(Object.keys(templateFiles(ctx()))).toContain('templates/deployment.yaml');
    const sts = Object.keys(templateFiles(ctx({ workload: 'StatefulSet' })));
    expect(sts).toEqual(expect.arrayContaining(['templates/statefulset.yaml', 'templates/service-headless.yaml']));
    expect(sts).not.toContain('templates/deployment.yaml');
  });

  it('sets metadata.namespace only when the bundle does', () => {
    expect(templateFiles(ctx())['templates/deployment.yaml']).toContain('namespace: {{ $.Release.Namespace | quote }}');
    expect(templateFiles(ctx({ namespaced: false }))['templates/deployment.yaml']).not.toContain('namespace:');
  });

  it('reaches helper blocks with index, so names with dashes work, and lists them in pod order', () => {
    const helpers = templateFiles(ctx())['templates/_helpers.tpl'];
    expect(helpers).toContain('\nsidecars/logs adapters/nginx-metrics\n');
    expect(helpers).toContain('(index .Values "adapters" "nginx-metrics").enabled');
    expect(helpers).toContain('printf "%q:%q" "nginx-metrics" "adapter/prometheus-exporter"');
  });

  it('never renders values through tpl', () => {
    for (const [path, text] of Object.entries(templateFiles(ctx()))) expect(text, path).not.toMatch(/\btpl\b/);
  });

  it('refuses a helper key that is not a plain name', () => {
    expect(() => templateFiles(ctx({ helperKeys: ['sidecars/{{ fail "x" }}'] }))).toThrow(/refusing/);
  });
});
