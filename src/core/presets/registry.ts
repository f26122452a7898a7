// The only list of presets. DTO unions, the catalogue, chart values and docs derive from it:
// adding a preset is one new file plus one line here.
import type { Preset, PresetKind } from './preset.js';
import { logForwarderPreset } from './sidecars/log-forwarder.preset.js';
import { gitSyncPreset } from './sidecars/git-sync.preset.js';
import { customSidecarPreset } from './sidecars/custom.preset.js';
import { httpEgressPreset } from './ambassadors/http-egress.preset.js';
import { tcpEgressPreset } from './ambassadors/tcp-egress.preset.js';
import { redisShardsPreset } from './ambassadors/redis-shards.preset.js';
import { reverseProxyPreset } from './ambassadors/reverse-proxy.preset.js';
import { prometheusExporterPreset } from './adapters/prometheus-exporter.preset.js';
import { logNormalizerPreset } from './adapters/log-normalizer.preset.js';

export const PRESETS: readonly Preset[] = [
  logForwarderPreset,
  gitSyncPreset,
  customSidecarPreset,
  httpEgressPreset,
  tcpEgressPreset,
  redisShardsPreset,
  reverseProxyPreset,
  prometheusExporterPreset,
  logNormalizerPreset,
];

export function presetsOf(kind: PresetKind): Preset[] {
  return PRESETS.filter((p) => p.kind === kind);
}

export function findPreset(kind: PresetKind, id: string): Preset | undefined {
  return PRESETS.find((p) => p.kind === kind && p.id === id);
}
