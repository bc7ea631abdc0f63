import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived its last full collection, in
 * percent. Left to itself, V8 picks a factor of up to 4 for a small, fast-collected heap: a worker
 * whose live data is ~30 MB but which promotes a steady stream of short-lived objects (every lead
 * in flight outlives a few scavenges) grew its heap to 150 MB of garbage before collecting it
 * (bench/pipeline, design note 44). At 50 % the collector runs sooner, mostly on its concurrent
 * marking thread, and the process's peak RSS falls by about a third, for a few percent of throughput.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Bounds heap growth for a process that runs the pipeline worker. A V8 flag that is read at every
 * full collection, so it can be set while the process runs — unlike the young generation's size,
 * which `npm start` passes on the command line.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
