// Worker thread that owns the bulk-write connection of the SQLite store, so parsing (main thread)
// and writing (this thread) run on both cores at once. Operations run strictly in order.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteBulkWriter } from './sqlite-bulk-writer.js';
import type { TableName } from '../schema.js';

export type WriterOp =
  | { op: 'begin' }
  | { op: 'commit' }
  | { op: 'rollback' }
  | { op: 'insert'; table: TableName; cols: string[]; rows: unknown[][] }
  | { op: 'upsert'; table: TableName; cols: string[]; rows: unknown[][]; conflict: string[] }
  | { op: 'deleteWhere'; table: TableName; column: string; value: string }
  | { op: 'deleteSourceItems'; sourceId: string }
  | { op: 'close' };

export interface WriterRequest {
  id: number;
  body: WriterOp;
}

export interface WriterReply {
  id: number;
  ok: boolean;
  result?: number;
  inTransaction?: boolean;
  error?: { message: string; code?: string };
}

if (parentPort) {
  const port = parentPort;
  const writer = new SqliteBulkWriter((workerData as { file: string }).file);
  let queue = Promise.resolve();
  port.on('message', (req: WriterRequest) => {
    queue = queue.then(async () => {
      let reply: WriterReply;
      try {
        const b = req.body;
        let result = 0;
        switch (b.op) {
          case 'begin':
            await writer.begin();
            break;
          case 'commit':
            await writer.commit();
            break;
          case 'rollback':
            await writer.rollback();
            break;
          case 'insert':
            result = writer.insertArrays(b.table, b.cols, b.rows);
            break;
          case 'upsert':
            result = writer.upsertArrays(b.table, b.cols, b.rows, b.conflict);
            break;
          case 'deleteWhere':
            result = writer.deleteWhereSync(b.table, b.column, b.value);
            break;
          case 'deleteSourceItems':
            result = await writer.deleteSourceItems(b.sourceId);
            break;
          case 'close':
            writer.closeSync();
            break;
        }
        reply = {
          id: req.id,
          ok: true,
          result,
          inTransaction: b.op === 'close' ? false : writer.inTransaction,
        };
      } catch (e) {
        reply = {
          id: req.id,
          ok: false,
          error: { message: (e as Error).message, code: (e as { code?: string }).code },
        };
      }
      port.postMessage(reply);
    });
  });
}
