import { describe, expect, it } from 'vitest';
import { DEFAULT_KUBERNETES_VERSION, SUPPORTED_VERSIONS } from '../model/request.js';
import { refusal } from '../model/refusal.testing.js';
import { resolveValidationOptions } from './validate-bundle.js';

/** A query as the HTTP layer hands it over (source included, which the core's own options leave out). */
const resolve = (query?: Record<string, unknown>) => resolveValidationOptions(query as never);

/** The field errors of a refused query. */
const refused = (query: Record<string, unknown>) => refusal(() => resolve(query));

describe('the validation query (ValidationQuery, resolved with its defaults)', () => {
  it('defaults to the default version and the restricted level', () => {
    const minor = Number(DEFAULT_KUBERNETES_VERSION.split('.')[1]);
    expect(resolve()).toEqual({
      kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
      minor,
      podSecurity: 'restricted',
    });
    expect(resolve({ source: 'deploy/bundle.yaml' })).toEqual({
      kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
      minor,
      podSecurity: 'restricted',
    });
  });

  it('takes every supported version and both levels', () => {
    for (const version of SUPPORTED_VERSIONS)
      expect(resolve({ kubernetesVersion: version, podSecurity: 'baseline' })).toEqual({
        kubernetesVersion: version,
        minor: Number(version.split('.')[1]),
        podSecurity: 'baseline',
      });
  });

  it('refuses each bad field with its pointer and what it must be', () => {
    expect(refused({ kubernetesVersion: '1.99' })).toEqual([
      `/kubernetesVersion kubernetesVersion must be one of ${SUPPORTED_VERSIONS.join(', ')}`,
    ]);
    expect(refused({ podSecurity: 'privileged' })).toEqual([
      '/podSecurity podSecurity must be one of restricted, baseline',
    ]);
    for (const source of ['a b.yaml', 'a.yaml?x', 'a.yaml#top', ''])
      expect(refused({ source }), source).toEqual(['/source source must be a relative file path without spaces']);
    expect(refused({ source: 'a'.repeat(1025) })).toEqual([
      '/source source must be shorter than or equal to 1024 characters',
    ]);
    expect(resolve({ source: 'a'.repeat(1024) }).podSecurity).toBe('restricted');
    expect(refused({ source: 7 })[0]).toMatch(/^\/source source must be a string/);
  });
});
