// Runs betweenness on a worker thread (the second core) while the main thread computes the other
// measures. The adjacency is copied once into shared memory; the result is the same as in-thread.
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { Csr } from '../link-graph.js';
import type { BetweennessOptions, BetweennessResult } from './betweenness.js';

const here = fileURLToPath(import.meta.url);
const isTs = here.endsWith('.ts');

function shared<T extends Int32Array | Float64Array>(a: T): T {
  const buf = new SharedArrayBuffer(a.byteLength);
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(buf);
  copy.set(a);
  return copy;
}

export function betweennessOffThread(
  csr: Csr,
  opts: BetweennessOptions,
): Promise<BetweennessResult> {
  const entry = pathToFileURL(join(dirname(here), `betweenness-worker.${isTs ? 'ts' : 'js'}`)).href;
  const data = {
    entry,
    ts: isTs,
    opts,
    csr: {
      n: csr.n,
      m: csr.m,
      offsets: shared(csr.offsets),
      targets: shared(csr.targets),
      edge: new Int32Array(0),
      weight: new Float64Array(0),
      flow: new Float64Array(0),
    },
  };
  return new Promise((resolve, reject) => {
    const w = new Worker(
      `const { workerData } = require('node:worker_threads');
       (async () => {
         if (workerData.ts) (await import('tsx/esm/api')).register();
         await import(workerData.entry);
       })().catch((e) => { throw e; });`,
      { eval: true, workerData: data },
    );
    w.once('message', (r: BetweennessResult) => {
      resolve(r);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`betweenness worker exited with code ${code}`));
    });
  });
}
