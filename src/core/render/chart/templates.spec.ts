import { describe, expect, it } from 'vitest';
import { ROLES_ANNOTATION } from '../../model/labels.js';
import { EGRESS_ANNOTATION } from '../../generate/network-policy.js';
import { constant, TEMPLATE_SOURCES, templateFiles, type TemplateContext } from './templates.js';

const ctx = (over: Partial<TemplateContext> = {}): TemplateContext => ({
  name: 'orders',
  workload: 'Deployment',
  ...over,
});

describe('constant', () => {
  it.each(['orders', 'sidecars/logs', 'adapter/prometheus-exporter', 'a'])(
    'lets the name %s into a template',
    (name) => {
      expect(constant(name)).toBe(name);
    },
  );

  it.each(['{{ .Release.Name }}', 'a b', 'x"y', 'Orders', '-x', 'x-', '', 'a}}{{b', 'a\nb'])('refuses %j', (text) => {
    expect(() => constant(text)).toThrow(/refusing/);
  });
});

describe('templateFiles', () => {
  it('reads the template files shipped beside the module', () => {
    expect(Object.keys(TEMPLATE_SOURCES)).toEqual(
      expect.arrayContaining(['_helpers.tpl', 'NOTES.txt', 'hpa.yaml', 'tests/test-connection.yaml']),
    );
  });

  it('names the workload template after the kind and adds the headless Service for a StatefulSet', () => {
    expect(Object.keys(templateFiles(ctx()))).toContain('templates/deployment.yaml');
    expect(Object.keys(templateFiles(ctx()))).not.toContain('templates/service-headless.yaml');
    const sts = Object.keys(templateFiles(ctx({ workload: 'StatefulSet' })));
    expect(sts).toEqual(expect.arrayContaining(['templates/statefulset.yaml', 'templates/service-headless.yaml']));
    expect(sts).not.toContain('templates/deployment.yaml');
    expect(templateFiles(ctx({ workload: 'StatefulSet' }))['templates/hpa.yaml']).toContain('    kind: StatefulSet\n');
    // a Deployment's HPA targets the Deployment, and NOTES name it
    const deployment = templateFiles(ctx());
    expect(deployment['templates/hpa.yaml']).toContain('    kind: Deployment\n');
    expect(deployment['templates/hpa.yaml']).not.toContain('StatefulSet');
    expect(deployment['templates/NOTES.txt'].match(/^(Deployment|StatefulSet) /gm)).toEqual([
      'Deployment ',
      'Deployment ',
    ]);
  });

  it('reads the sources in name order, folders included, the same on every file system', () => {
    const paths = Object.keys(TEMPLATE_SOURCES);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(paths).toContain('tests/test-connection.yaml');
  });

  it('has the ServiceMonitor template only when the app declares metrics', () => {
    expect(Object.keys(templateFiles(ctx()))).not.toContain('templates/servicemonitor.yaml');
    expect(Object.keys(templateFiles(ctx({ appMetrics: true })))).toContain('templates/servicemonitor.yaml');
  });

  it('fills in the chart name and the annotation names the core defines, and nothing else', () => {
    const files = templateFiles(ctx());
    for (const [path, text] of Object.entries(files)) expect(text, path).not.toMatch(/<[A-Z_]+>/);
    expect(files['templates/_helpers.tpl']).toContain('{{- define "orders.fullname" -}}');
    expect(files['templates/_helpers.tpl']).toContain(`set $annotations "${ROLES_ANNOTATION}"`);
    expect(files['templates/networkpolicy.yaml']).toContain(`(dict "${EGRESS_ANNOTATION}" (toRawJson $purposes))`);
  });

  it('holds no helper names or roles: those are values', () => {
    const helpers = templateFiles(ctx())['templates/_helpers.tpl'];
    expect(helpers).toContain('.Values.helperOrder');
    expect(helpers).toContain('printf "%q:%q" .container .role');
  });

  it('quotes every name it writes, so a name Go reads as a boolean or number stays a string', () => {
    for (const [path, text] of Object.entries(templateFiles(ctx({ workload: 'StatefulSet', appMetrics: true })))) {
      for (const line of text.split('\n').filter((l) => /^\s*(name|serviceName): \{\{/.test(l))) {
        expect(line, path).toMatch(/\| (quote|toJson) \}\}$/);
      }
    }
  });

  it('never renders values through tpl', () => {
    for (const [path, text] of Object.entries(templateFiles(ctx()))) expect(text, path).not.toMatch(/\btpl\b/);
  });

  it('refuses a chart name that is not a plain name', () => {
    expect(() => templateFiles(ctx({ name: '{{ fail "x" }}' }))).toThrow(/refusing/);
  });
});
