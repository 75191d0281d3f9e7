// Process-level state the health endpoints report (shutting down, when started).
export interface ServerState {
  startedAt: number;
  /** Set when shutdown begins: readiness fails so a load balancer stops sending requests. */
  shuttingDown: boolean;
}
