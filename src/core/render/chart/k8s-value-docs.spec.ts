import { describe, expect, it } from 'vitest';
import { describeDefinitions } from './k8s-value-docs.js';

describe('describeDefinitions', () => {
  it("fills each undescribed property from the Kubernetes docs, at every depth and through arrays; keeps a schema's own", () => {
    const out = describeDefinitions({
      resources: {
        type: 'object',
        properties: {
          requests: {
            type: 'object',
            properties: { cpu: { type: 'string' }, memory: { type: 'string', description: 'its own' } },
          },
          limits: { type: 'object', description: 'kept', properties: {} },
          // no docs for this one: left as it is
          other: { type: 'string' },
        },
      },
      // an array's item fields follow the array's name
      hpaScalingRules: {
        type: 'object',
        properties: {
          policies: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' } } } },
        },
      },
      unknown: { type: 'object', properties: { requests: { type: 'string' } } },
      plain: { type: 'string' },
    });
    expect(out).toStrictEqual({
      resources: {
        type: 'object',
        properties: {
          requests: {
            type: 'object',
            properties: {
              cpu: { type: 'string', description: 'CPU, e.g. 100m (a tenth of a core)' },
              memory: { type: 'string', description: 'its own' },
            },
            description: 'what the scheduler reserves for the container (Kubernetes resources.requests)',
          },
          limits: { type: 'object', description: 'kept', properties: {} },
          other: { type: 'string' },
        },
      },
      hpaScalingRules: {
        type: 'object',
        properties: {
          policies: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                type: { type: 'string', description: 'Pods (a number) or Percent (of the current count)' },
              },
            },
            description: 'how fast the count may change',
          },
        },
      },
      unknown: { type: 'object', properties: { requests: { type: 'string' } } },
      plain: { type: 'string' },
    });
  });
});
