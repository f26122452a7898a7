// The templates/ folder of a generated chart: the files beside this module under templates/, read
// once and shipped with the build (nest-cli.json copies them into dist). Templates hold no user
// data: everything the request said lives in values.yaml and reaches the output through toYaml,
// toJson or quote, so a value can never become template code. The only text filled into them is
// a few constants, each through `constant()`, which refuses anything outside a strict grammar:
// <CHARTNAME> (the prefix of the chart's named templates, as in Helm's starter charts), the
// workload kind and the annotation names the core defines.
import { readdirSync, readFileSync } from 'node:fs';
import { ROLES_ANNOTATION } from '../../model/labels.js';
import { EGRESS_ANNOTATION } from '../../generate/network-policy.js';

export interface TemplateContext {
  /** chart name (the app name) */
  name: string;
  workload: 'Deployment' | 'StatefulSet';
  /** whether the app declares its own metrics (app.metrics): the chart then has the ServiceMonitor option */
  appMetrics?: boolean;
}

const CONSTANT = /^[a-z0-9]([-a-z0-9./]*[a-z0-9])?$/;

/** A name checked to be safe inside template text. */
export function constant(value: string): string {
  if (!CONSTANT.test(value)) throw new Error(`chart: refusing to write ${JSON.stringify(value)} into a template`);
  return value;
}

const SOURCE = new URL('./templates/', import.meta.url);

/** Every file under a folder, by path relative to it. */
function readTree(dir: URL, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) Object.assign(files, readTree(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`));
    else files[`${prefix}${entry.name}`] = readFileSync(new URL(entry.name, dir), 'utf8');
  }
  return files;
}

/** The template sources, by path under templates/. */
export const TEMPLATE_SOURCES: Readonly<Record<string, string>> = readTree(SOURCE);

/** Files only some charts have: the workload's own and the ServiceMonitor of the app's metrics. */
function wanted(path: string, ctx: TemplateContext): boolean {
  const statefulSet = ctx.workload === 'StatefulSet';
  if (path === 'deployment.yaml') return !statefulSet;
  if (path === 'statefulset.yaml' || path === 'service-headless.yaml') return statefulSet;
  if (path === 'servicemonitor.yaml') return Boolean(ctx.appMetrics);
  return true;
}

/** Every file under templates/, by path relative to the chart folder. */
export function templateFiles(ctx: TemplateContext): Record<string, string> {
  const fill: Record<string, string> = {
    '<CHARTNAME>': constant(ctx.name),
    '<WORKLOAD_KIND>': ctx.workload === 'StatefulSet' ? 'StatefulSet' : 'Deployment',
    '<ROLES_ANNOTATION>': constant(ROLES_ANNOTATION),
    '<EGRESS_ANNOTATION>': constant(EGRESS_ANNOTATION),
  };
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(TEMPLATE_SOURCES)) {
    if (wanted(path, ctx))
      files[`templates/${path}`] = text.replace(/<[A-Z_]+>/g, (placeholder) => {
        if (!(placeholder in fill)) {
          throw new Error(`chart: templates/${path} has an unknown placeholder ${placeholder}`);
        }
        return fill[placeholder];
      });
  }
  return files;
}
