import { z } from 'zod';

/**
 * A fault rule, queued by `POST /__emulator/faults` (only with `--faults`). It applies to the
 * next `count` requests that match `method` and the `path` prefix (all API requests when
 * both are absent; `/__emulator/*` never matches). Rules are tried in the order they were
 * queued; the first one that matches takes the request.
 *
 * - `status`: answer it with `{success:false, message}` (and `Retry-After` when given);
 * - `delayMs`: wait first (alone: then handle normally);
 * - `dropConnection`: destroy the socket without answering;
 * - `when: 'after'`: handle the request for real (a write commits) and only then replace the
 *   answer with `status` or drop the connection: an ambiguous failure for the client.
 */
export const FaultRuleSchema = z
  .strictObject({
    count: z.number().int().min(1).max(1_000_000),
    status: z.number().int().min(400).max(599).optional(),
    retryAfter: z.union([z.number().int().nonnegative(), z.string().min(1)]).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    dropConnection: z.boolean().optional(),
    path: z.string().startsWith('/', 'must start with /').optional(),
    method: z.string().min(1).transform((m) => m.toUpperCase()).optional(),
    message: z.string().min(1).optional(),
    when: z.enum(['before', 'after']).optional(),
  })
  .refine((r) => r.status !== undefined || r.delayMs !== undefined || r.dropConnection === true, {
    message: 'a rule needs status, delayMs or dropConnection: true',
  })
  .refine((r) => !(r.status !== undefined && r.dropConnection === true), { message: 'status and dropConnection exclude each other' })
  .refine((r) => r.when !== 'after' || r.status !== undefined || r.dropConnection === true, {
    message: "'after' needs status or dropConnection: true",
    path: ['when'],
  });
export type FaultRuleInput = z.input<typeof FaultRuleSchema>;

export interface FaultRule {
  id: number;
  remaining: number;
  status?: number;
  retryAfter?: number | string;
  delayMs?: number;
  dropConnection?: boolean;
  path?: string;
  method?: string;
  message: string;
  when: 'before' | 'after';
}

export class FaultQueue {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: z.output<typeof FaultRuleSchema>): FaultRule {
    const { count, message, when, ...rest } = input;
    const rule: FaultRule = { id: this.nextId++, remaining: count, message: message ?? 'injected fault', when: when ?? 'before', ...rest };
    this.rules.push(rule);
    return rule;
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The first rule matching the request, with one use consumed; undefined when none. */
  take(method: string, path: string): FaultRule | undefined {
    const i = this.rules.findIndex((r) => (!r.method || r.method === method) && (!r.path || path.startsWith(r.path)));
    if (i < 0) return undefined;
    const rule = this.rules[i];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(i, 1);
    return { ...rule };
  }
}

/** Request counts per `METHOD /path/:template` (and per status) since start or the last reset. */
export class RequestStats {
  private since = new Date().toISOString();
  private counts = new Map<string, number>();
  private statuses = new Map<string, Map<number, number>>();
  private total = 0;

  count(route: string): void {
    this.total += 1;
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
  }

  status(route: string, status: number): void {
    let m = this.statuses.get(route);
    if (!m) this.statuses.set(route, (m = new Map()));
    m.set(status, (m.get(status) ?? 0) + 1);
  }

  reset(): void {
    this.since = new Date().toISOString();
    this.counts.clear();
    this.statuses.clear();
    this.total = 0;
  }

  snapshot(): StatsSnapshot {
    return {
      success: true,
      since: this.since,
      total: this.total,
      requests: Object.fromEntries(this.counts),
      statuses: Object.fromEntries([...this.statuses].map(([route, m]) => [route, Object.fromEntries([...m].map(([s, n]) => [String(s), n]))])),
    };
  }
}

/** Body of `GET /__emulator/stats`. */
export interface StatsSnapshot {
  success: true;
  /** ISO time of the start or of the last reset. */
  since: string;
  total: number;
  /** `{"GET /apikeys": 3, "PUT /apikeys/:id": 1, "GET (no route)": 1}` */
  requests: Record<string, number>;
  /** Answers per route and status: `{"POST /apikeys": {"200": 2, "429": 1}}`; dropped connections have none. */
  statuses: Record<string, Record<string, number>>;
}
