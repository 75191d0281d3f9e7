// A fake Bergamot model pack for tests: gzipped files that are not a model, laid out as
// models/<tier>/<pair>/<file>, with a manifest that lists their true sizes and hashes (or, with
// `corrupt`, a pack whose vocabulary file no longer matches its listed hash).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ModelManifest } from '../language/engines/bergamot/model-pack.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function put(root: string, path: string, bytes: Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), bytes);
}

/** A fake es→en pack (gzipped files that are not a model) and a manifest that lists it. */
export function fakePack(root: string, opts: { corrupt?: boolean } = {}): ModelManifest {
  const files = {
    model: gzipSync(Buffer.from('not a model')),
    lex: gzipSync(Buffer.from('not a shortlist')),
    vocab: gzipSync(Buffer.from('not a vocabulary')),
  };
  const d = 'models/tiny/esen';
  const entry = {
    pair: 'esen',
    from: 'es',
    to: 'en',
    tier: 'tiny',
    preferred: true,
    dir: d,
    gemm_precision: 'int8shiftAlphaAll',
    files: [
      {
        path: `${d}/model.esen.intgemm.alphas.bin.gz`,
        role: 'model',
        compression: 'gz',
        size: files.model.length,
        sha256: sha(files.model),
      },
      {
        path: `${d}/lex.50.50.esen.s2t.bin.gz`,
        role: 'lex',
        compression: 'gz',
        size: files.lex.length,
        sha256: sha(files.lex),
      },
      {
        path: `${d}/vocab.esen.spm.gz`,
        role: 'vocab',
        compression: 'gz',
        size: files.vocab.length,
        sha256: sha(files.vocab),
      },
    ],
  };
  put(root, entry.files[0]!.path, files.model);
  put(root, entry.files[1]!.path, files.lex);
  // a corrupt pack: same size, one byte changed
  const vocab = Buffer.from(files.vocab);
  if (opts.corrupt) vocab[vocab.length - 5] = vocab[vocab.length - 5]! ^ 0xff;
  put(root, entry.files[2]!.path, vocab);
  return { source: 'test', commit: '0'.repeat(40), licence: 'test', pairs: { 'esen/tiny': entry } };
}
