// Worker-thread entry of betweenness-thread.ts: computes betweenness and posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import type { Csr } from '../link-graph.js';
import { betweenness, type BetweennessOptions } from './betweenness.js';

const { csr, opts } = workerData as { csr: Csr; opts: BetweennessOptions };
const r = betweenness(csr, opts);
parentPort!.postMessage(r, [r.raw.buffer as ArrayBuffer, r.normalised.buffer as ArrayBuffer]);
