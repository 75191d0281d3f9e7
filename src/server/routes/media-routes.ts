// The content of an attachment (image, voice note, video) read from the ingested evidence,
// read-only, for the conversation view: images shown blurred until clicked, audio played in place.
import { z } from 'zod';
import type { RouteModule } from '../route-module.js';
import { caseAccessRequest, requestCase } from '../case-access.js';
import { parseInput } from '../parse-input.js';
import { idParam } from '../query-schemas.js';
import { readMediaBytes } from '../../audio/media-content.js';
import { AppError, ErrorCodes } from '../../model/errors.js';

/** Types the browser may render in place; anything else is offered as a download. */
const INLINE = /^(image\/(jpeg|png|gif|webp)|audio\/[\w.+-]+|video\/(mp4|webm|ogg))$/i;

export const mediaRoutes: RouteModule = (api, { app }) => {
  api.get(
    '/cases/:caseId/media/:mediaId/content',
    { config: { access: { action: 'message.view' } } },
    async (req, reply) => {
      const kase = requestCase(req);
      const p = parseInput(z.object({ mediaId: idParam }), req.params, 'params');
      const m = await app.store.db
        .selectFrom('media')
        .select(['id', 'source_id', 'path', 'mime', 'filename', 'sha256'])
        .where('case_id', '=', kase.id)
        .where('id', '=', p.mediaId)
        .executeTakeFirst();
      if (!m) throw new AppError(ErrorCodes.NOT_FOUND, 'no such attachment in this case');
      const bytes = await readMediaBytes(app.store, m, 256 << 20);
      caseAccessRequest(req).objects = [m.id];
      const mime = (m.mime ?? '').toLowerCase();
      const inline = INLINE.test(mime);
      reply
        .header('content-type', inline ? mime : 'application/octet-stream')
        .header('content-disposition', inline ? 'inline' : 'attachment')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox");
      return reply.send(bytes);
    },
  );
};
