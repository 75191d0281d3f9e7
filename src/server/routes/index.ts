// Every group of API routes, registered under /api in this order. A new view's routes are a file
// here and one line in this list.
import type { RouteModule } from '../route-module.js';
import { sessionRoutes } from './session-routes.js';
import { caseRoutes } from './case-routes.js';
import { searchRoutes } from './search-routes.js';
import { watchRoutes } from './watch-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { annotationRoutes } from './annotation-routes.js';
import { mediaRoutes } from './media-routes.js';
import { graphRoutes } from './graph-routes.js';
import { timelineRoutes } from './timeline-routes.js';
import { accessRoutes } from './access-routes.js';
import { findingRoutes } from './finding-routes.js';
import { reportRoutes } from './report-routes.js';
import { jobRoutes } from './job-routes.js';
import { crossmatchRoutes } from './crossmatch-routes.js';

export const API_ROUTES: readonly RouteModule[] = [
  sessionRoutes,
  caseRoutes,
  searchRoutes,
  watchRoutes,
  conversationRoutes,
  annotationRoutes,
  mediaRoutes,
  graphRoutes,
  timelineRoutes,
  accessRoutes,
  findingRoutes,
  reportRoutes,
  jobRoutes,
  crossmatchRoutes,
];
