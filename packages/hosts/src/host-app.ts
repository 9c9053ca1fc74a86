/**
 * What every host app does, whatever the framework: it mounts the provider, the frame and
 * the sidebar, hands the provider the host's context through its documented properties,
 * keeps the iframe as tall as its content (within the host's limits), follows the host's
 * theme and language, and turns a sign-in that fails into words. The adapters (one folder per
 * framework) only read their SDK and call this.
 */
import type { GetToken } from '@ledgerside/client';
import type { HostContact, HostDealLine, Product, TimeEntryInput } from '@ledgerside/contract';
import type { LedgerProvider, Theme } from '@ledgerside/elements';
import '@ledgerside/elements/provider.js';
import '@ledgerside/elements/sidebar.js';
import './frame/define.js';
import type { HostFrameReason, LedgerHostFrame } from './frame/ledger-host-frame.js';
import { followHeight, type HeightLimits } from './resize.js';
import { HostSignInError } from './session.js';

/** Where the sidebar sits and for whom: what the adapters read from their host. */
export interface HostRecord {
  ticketId?: string;
  dealId?: string;
  contact?: HostContact;
  timeEntries?: TimeEntryInput[];
  products?: Product[];
  dealLines?: HostDealLine[];
}

export interface HostAppOptions {
  /** The host's name as its users know it (Zendesk, Pipedrive…): the frame's words use it. */
  host: string;
  /** Where the app mounts; default `document.body`. */
  root?: HTMLElement;
  /** The Ledgerside API's origin; default the page's `<meta name="ledgerside-api">`, else the page's own origin. */
  apiBase?: string;
  /** The host's height limits and its resize call; without them the app fills its frame. */
  resize?: { limits: HeightLimits; report: (height: number) => unknown };
}

/** The API's origin the page was built for (`pnpm build:apps --api …` writes it). */
export function apiBaseOf(doc: Document = document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="ledgerside-api"]')?.content.trim() ?? '';
}

export class HostApp {
  readonly provider: LedgerProvider;
  readonly frame: LedgerHostFrame;
  readonly apiBase: string;
  #record: HostRecord = {};
  #stopResize: (() => void) | undefined;
  #retry: (() => void) | undefined;

  constructor(readonly options: HostAppOptions) {
    this.apiBase = options.apiBase ?? apiBaseOf();
    const root = options.root ?? document.body;
    this.provider = document.createElement('ledger-provider');
    this.frame = document.createElement('ledger-host-frame');
    this.frame.host = options.host;
    this.frame.state = 'connecting';
    this.frame.reason = 'connecting';
    const sidebar = document.createElement('ledger-sidebar');
    this.frame.append(sidebar);
    this.provider.append(this.frame);
    root.append(this.provider);
    this.frame.addEventListener('ledger-host-retry', () => this.#retry?.());
    if (options.resize) this.#stopResize = followHeight(this.frame, options.resize.limits, options.resize.report);
  }

  /**
   * The host's way to a Ledgerside token (made anew for "Try again"). A refused sign-in shows
   * its words in place of the sidebar (the sidebar's own session error would only say
   * "unauthorized").
   */
  setAuth(makeGetToken: () => GetToken): void {
    const getToken = makeGetToken();
    this.provider.apiBase = this.apiBase;
    this.provider.getToken = async (options) => {
      try {
        return await getToken(options);
      } catch (error) {
        if (error instanceof HostSignInError) this.deny(error.reason);
        throw error;
      }
    };
    this.#retry ??= () => {
      this.frame.state = 'connecting';
      this.setAuth(makeGetToken);
      this.setRecord(this.#record);
    };
  }

  /** The host's context: a ticket or a deal makes the sidebar show; without one the app says what it waits for. */
  setRecord(record: HostRecord): void {
    this.#record = record;
    const provider = this.provider;
    provider.ticketId = record.ticketId;
    provider.dealId = record.dealId;
    provider.contact = record.contact;
    provider.timeEntries = record.timeEntries;
    provider.products = record.products;
    provider.dealLines = record.dealLines;
    if (this.frame.state === 'denied') return;
    if (record.ticketId || record.dealId) this.ready();
    else this.wait('no-record');
  }

  /** Changes part of the context (the requester changed, the time log grew). */
  updateRecord(change: Partial<HostRecord>): void {
    this.setRecord({ ...this.#record, ...change });
  }

  get record(): HostRecord {
    return this.#record;
  }

  setTheme(theme: Theme): void {
    this.provider.theme = theme;
    document.documentElement.dataset.theme = theme;
  }

  /** The host user's language (BCP 47); Ledgerside speaks en, es and cs and formats numbers for any. */
  setLocale(tag: string | undefined): void {
    if (!tag) return;
    this.provider.locale = tag;
    document.documentElement.lang = tag;
  }

  ready(): void {
    this.frame.state = 'ready';
    this.frame.reason = 'connecting';
  }

  wait(reason: HostFrameReason): void {
    this.frame.state = reason === 'connecting' ? 'connecting' : 'waiting';
    this.frame.reason = reason;
  }

  deny(reason: HostFrameReason): void {
    this.frame.state = 'denied';
    this.frame.reason = reason;
  }

  destroy(): void {
    this.#stopResize?.();
    this.provider.remove();
  }
}
