/**
 * The store's state and what every part shares: the clock, users, authorization from the route
 * table, idempotency, If-Match versions, ids and the email log. The domain parts build on it
 * (customers → documents → conversations → MockStore), one file each.
 */
import {
  permissionsOf,
  routes,
  todayIso,
  type Customer,
  type DocumentKind,
  type IntegrationSettings,
  type Organization,
  type Payment,
  type Product,
  type RouteDef,
  type RouteName,
  type TimeEntry,
  type User,
  templateError,
} from '@ledgerside/contract';
import { ApiError, badRequest, forbidden, refused, unauthorized } from '../errors.js';
import { EventLog } from '../events.js';
import { fingerprint } from '../validate.js';
import type { Actor, ConversationRow, DocumentRow, LinkRow, SentEmail, StoreInit } from './types.js';

/** Writes refused while the integration is disabled: all but its own settings and read markers. */
const allowedWhileDisabled: ReadonlySet<RouteName> = new Set(['updateIntegration', 'deleteIntegration', 'markRead']);

export abstract class StoreCore {
  readonly organization: Organization;
  readonly events = new EventLog();

  /** Every email the backend would have sent: invoices and message notifications. */
  readonly sentEmails: SentEmail[] = [];

  protected readonly users = new Map<string, User>();
  protected sessionUserId: string;
  protected integration: IntegrationSettings;
  protected readonly customers = new Map<string, Customer>();
  protected readonly links = new Map<string, LinkRow>();
  protected readonly timeEntries = new Map<string, TimeEntry>();
  protected readonly products = new Map<string, Product>();
  protected readonly documentRows: DocumentRow[] = [];
  protected readonly documents = new Map<string, DocumentRow>();
  protected readonly documentsByCustomer = new Map<string, DocumentRow[]>();
  protected readonly payments = new Map<string, Payment>();
  protected readonly conversations = new Map<string, ConversationRow>();
  protected readonly conversationByTransaction = new Map<string, ConversationRow>();

  /** `${conversationId}|${userId}` → position of the last message read. */
  protected readonly readMarkers = new Map<string, number>();
  protected readonly messageIds = new Set<string>();
  protected readonly idempotency = new Map<string, { print: string; response: unknown }>();
  protected readonly counters = new Map<string, number>();
  protected readonly numbers: Record<DocumentKind, number> = { invoice: 0, quote: 0 };
  protected readonly clock: () => Date;
  protected readonly fixedToday: string | undefined;
  protected pinned: Date | null = null;
  protected seeding = false;

  constructor(init: StoreInit) {
    this.organization = init.organization;
    for (const user of init.users) this.users.set(user.id, user);
    if (!this.users.has(init.sessionUserId)) throw new TypeError(`Unknown session user ${init.sessionUserId}`);
    this.sessionUserId = init.sessionUserId;
    this.fixedToday = init.today;
    if (init.now) this.clock = init.now;
    else if (init.today) {
      const start = Date.now();
      const noon = Date.parse(`${init.today}T12:00:00Z`);
      this.clock = () => new Date(noon + (Date.now() - start));
    } else this.clock = () => new Date();
    this.integration = {
      state: 'enabled',
      syncMode: 'one_way',
      matchSecondaryEmail: false,
      billingAppUrl: null,
      templates: [{ id: 'standard', name: 'Standard' }],
      ...init.integration,
      updatedAt: this.nowIso(),
    };
  }

  now(): Date {
    return this.pinned ?? this.clock();
  }

  /** The calendar day overdue is judged against. */
  today(): string {
    if (this.pinned) return todayIso(this.pinned);
    return this.fixedToday ?? todayIso(this.clock());
  }

  get sessionUser(): User {
    return this.users.get(this.sessionUserId)!;
  }

  setSessionUser(id: string): void {
    if (!this.users.has(id)) throw new TypeError(`Unknown user ${id}`);
    this.sessionUserId = id;
  }

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  listUsers(): User[] {
    return [...this.users.values()];
  }

  /**
   * Runs `build` with events and emails muted, then starts the event log afresh: a scenario's
   * starting data is history, not news.
   */
  seed(build: () => void): void {
    this.seeding = this.events.muted = true;
    try {
      build();
    } finally {
      this.seeding = this.events.muted = false;
      this.pinned = null;
      this.events.clear();
      this.sentEmails.length = 0;
    }
  }

  /** While seeding: what "now" is for the next writes (null: the clock again). */
  pinClock(at: Date | null): void {
    this.pinned = at;
  }

  /** Seeding acts as an admin: the one role that may do everything. */
  protected admin(): User {
    return this.listUsers().find((u) => u.role === 'admin') ?? this.sessionUser;
  }

  protected resolve(actor: Actor): User {
    const user = typeof actor === 'string' ? this.users.get(actor) : actor;
    if (!user) throw unauthorized('Unknown user.');
    return user;
  }

  /** Role from the route table; writes refused while the integration is off. */
  protected authorize(actor: Actor, name: RouteName): User {
    const user = this.resolve(actor);
    const route: RouteDef = routes[name];
    if (route.permission !== null && !permissionsOf(user.role).includes(route.permission)) {
      throw forbidden(`A ${user.role.replace('_', ' ')} cannot do this.`);
    }
    if (route.method !== 'GET' && this.integration.state !== 'enabled' && !allowedWhileDisabled.has(name)) {
      throw new ApiError(422, 'integration_disabled', `The billing integration is ${this.integration.state}; changes are refused.`, {
        reason: 'integration_disabled',
      });
    }
    return user;
  }

  /** Clients see only their own customer's things. */
  /** As the server: a template given must be one of the organization's (422 `unknown_template`). */
  protected checkTemplate(template: string | undefined): void {
    if (template === undefined) return;
    const error = templateError(template, this.integration.templates);
    if (error) throw refused('unknown_template', error, [{ path: ['template'], message: error }]);
  }

  protected canSee(user: User, customerId: string | null): boolean {
    return user.role !== 'client' || (customerId !== null && user.customerId === customerId);
  }

  protected once<T>(user: User, name: RouteName, key: string | null | undefined, request: unknown, run: () => T): T {
    if (key === undefined || key === null) return run();
    if (key.length < 1 || key.length > 255) {
      throw badRequest('Invalid Idempotency-Key', [{ path: ['Idempotency-Key'], message: 'Between 1 and 255 characters' }]);
    }
    const id = `${user.id}\u0000${name}\u0000${key}`;
    const print = fingerprint(request);
    const stored = this.idempotency.get(id);
    if (stored) {
      if (stored.print !== print) {
        throw new ApiError(422, 'idempotency_mismatch', 'This Idempotency-Key was used with a different request.');
      }
      return structuredClone(stored.response) as T;
    }
    const response = run();
    this.idempotency.set(id, { print, response: structuredClone(response) });
    return response;
  }

  protected checkVersion(version: number, ifMatch: number | string | null | undefined, current: () => unknown): void {
    if (ifMatch === undefined || ifMatch === null || ifMatch === '') {
      throw new ApiError(428, 'precondition_required', 'Send If-Match with the version you changed.');
    }
    if (ifMatch === '*') return;
    const text = String(ifMatch).trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
    if (!/^\d+$/.test(text)) {
      throw badRequest('Invalid If-Match', [{ path: ['If-Match'], message: 'A version number' }]);
    }
    if (Number(text) !== version) {
      throw new ApiError(412, 'precondition_failed', 'It was changed meanwhile; here is the current version.', { current: current() });
    }
  }

  protected recordEmail(sender: User, email: Omit<SentEmail, 'id' | 'sentBy' | 'sentAt'>): void {
    if (this.seeding || email.to.length === 0) return;
    this.sentEmails.push({ ...email, id: `email-${this.sentEmails.length + 1}`, sentBy: sender.id, sentAt: this.nowIso() });
  }

  protected nowIso(): string {
    return this.now().toISOString();
  }

  /** Deterministic ids: prefix and a counter, skipping any already taken. */
  protected newId(prefix: string, taken: (id: string) => boolean): string {
    let n = this.counters.get(prefix) ?? 0;
    let id: string;
    do id = `${prefix}-${++n}`;
    while (taken(id));
    this.counters.set(prefix, n);
    return id;
  }
}
