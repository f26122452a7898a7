// Fluent Bit's buffering and retry settings for a forwarder whose collector may be away for
// minutes: chunks go to a size-limited emptyDir (filesystem storage), memory stays bounded, and a
// chunk whose flush fails is retried until it goes through instead of being dropped after the
// default single retry (Retry_Limit 1 in src/flb_output.c).

/** Fluent Bit configuration entries of one section, in order. */
export type FluentBitEntries = [string, string | number][];

/** Where the chunks live: an emptyDir of its own, sized by the request. */
export const BUFFER_DIR = '/fluent-bit/buffer';
export const DEFAULT_BUFFER_SIZE = '256Mi';
/** Mi or Gi only, so that the Fluent Bit limit derived from it is exact. */
export const BUFFER_SIZE = /^[1-9][0-9]{0,5}(Mi|Gi)$/;
/**
 * Chunks held in memory at once (about 2 MB each): memory stays well under the container limit
 * whatever the backlog on disk.
 */
const MAX_CHUNKS_UP = 16;
/** Longest wait between two retries of a chunk, so the forwarder catches up soon after an outage. */
const RETRY_CAP_SECONDS = 30;

/**
 * Fluent Bit's own limit on the chunks queued for the output: 80% of the volume, so the
 * kubelet never evicts the pod for exceeding the emptyDir's sizeLimit (the oldest chunks are
 * dropped first once it is reached).
 */
export function outputLimit(bufferSize: string): string {
  const mebibytes = Number(bufferSize.slice(0, -2)) * (bufferSize.endsWith('Gi') ? 1024 : 1);
  return `${Math.max(1, Math.floor(mebibytes * 0.8))}M`;
}

export const serviceStorage = (): FluentBitEntries => [
  ['storage.path', `${BUFFER_DIR}/`],
  ['storage.sync', 'normal'],
  ['storage.checksum', 'off'],
  ['storage.max_chunks_up', MAX_CHUNKS_UP],
  ['storage.backlog.mem_limit', '5M'],
  ['scheduler.cap', RETRY_CAP_SECONDS],
];

export const inputStorage = (): FluentBitEntries => [['storage.type', 'filesystem']];

export const outputRetry = (bufferSize: string): FluentBitEntries => [
  ['Retry_Limit', 'no_limits'],
  ['storage.total_limit_size', outputLimit(bufferSize)],
];
