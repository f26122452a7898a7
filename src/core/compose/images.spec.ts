import { describe, expect, it } from 'vitest';
import { mirrorImage } from './images.js';

describe('mirrorImage', () => {
  it('leaves the reference alone without a mirror', () => {
    expect(mirrorImage('docker.io/library/busybox:1.37.0', undefined)).toBe('docker.io/library/busybox:1.37.0');
    expect(mirrorImage('busybox', '')).toBe('busybox');
  });

  it('replaces a registry host (a dot, a port or localhost) with the mirror, trailing slashes of the mirror dropped', () => {
    expect(mirrorImage('quay.io/prometheuscommunity/json-exporter:v0.6.0', 'mirror.corp//')).toBe(
      'mirror.corp/prometheuscommunity/json-exporter:v0.6.0',
    );
    expect(mirrorImage('registry:5000/team/app:1', 'mirror.corp/hub')).toBe('mirror.corp/hub/team/app:1');
    expect(mirrorImage('localhost/team/app', 'm.corp')).toBe('m.corp/team/app');
  });

  it('reads a reference without a registry host as docker.io, official images under library/', () => {
    expect(mirrorImage('acme/app:2', 'm.corp')).toBe('m.corp/acme/app:2');
    expect(mirrorImage('busybox:1.37.0', 'm.corp')).toBe('m.corp/library/busybox:1.37.0');
    expect(mirrorImage('nginx@sha256:abc', 'm.corp')).toBe('m.corp/library/nginx@sha256:abc');
  });
});
