// Who the workbench is talking to: the signed-in actor (embedded: the local user), the mode and
// version. Touches no case data.
import type { RouteModule } from '../route-module.js';
import { DEFAULT_MARKING } from '../../model/entities.js';

export const sessionRoutes: RouteModule = (api, { app }) => {
  api.get('/session', { config: { public: true } }, async () => ({
    actor: { id: app.actor.id, name: app.actor.name, roles: app.actor.roles },
    mode: app.config.mode,
    version: app.toolVersion,
    defaultMarking: DEFAULT_MARKING,
  }));
};
