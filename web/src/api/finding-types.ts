// Shapes of the findings API (detection module: GET /findings, GET /findings/:id,
// POST /findings/:id/review), as the findings queue reads them.

export interface Indicator {
  id: string;
  label: string;
  weight: number;
  detail: string;
  evidence: string[];
}

export interface FindingSummary {
  id: string;
  ruleId: string;
  ruleVersion: string | number;
  crimeType: string;
  title: string;
  severity: 'low' | 'medium' | 'high';
  score: number;
  status: 'new' | 'accepted' | 'rejected';
  active: boolean;
  subject: { identifiers: string[]; threads: string[]; devices: string[] };
  indicators: Indicator[];
  benign: string[];
  missing: string[];
  evidenceHash: string;
  firstSeenAt: number | string | null;
  analysedAt: number | string | null;
}

export interface FindingEvidence {
  kind: 'message' | 'call' | 'location' | 'thread';
  id: string;
  note: string | null;
  textUsed: 'original' | 'translation' | null;
  spans: Array<[number, number]>;
  at: string | null;
  device: string | null;
  thread: string | null;
  direction: string | null;
  sender: string | null;
  text: string | null;
  translation: string | null;
  segments: Array<{ text: string; mark: boolean }>;
  durationS: number | null;
  found: boolean;
}

export interface FindingReview {
  id: string;
  seq: number;
  decision: 'accept' | 'reject';
  reason: string;
  actorId: string;
  actorName: string;
  ruleVersion: string | number;
  evidenceHash: string;
  createdAt: number | string;
}

export interface FindingDetail extends FindingSummary {
  evidence: FindingEvidence[];
  reviews: FindingReview[];
  evidenceChangedSinceReview: boolean;
  notice?: string;
}

export interface FindingList {
  findings: FindingSummary[];
  total: number;
  limit: number;
  offset: number;
  notice: string;
}
