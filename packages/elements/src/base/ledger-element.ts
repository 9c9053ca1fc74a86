import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized } from '@lit/localize';
import type { LedgerClient } from '@ledgerside/client';
import type { Permission } from '@ledgerside/contract';
import {
  clientContext,
  hostContext,
  localeContext,
  sessionContext,
  type HostContext,
  type SessionState,
} from '../context/contexts.js';
import { createLocale, type LedgerLocale } from '../context/locale.js';
import { base, buttons, feedback, fields } from '../styles/shared.js';
import { fire, type LedgerEventDetails, type LedgerEventName } from '../events.js';
import { defineElement } from './define.js';

/**
 * The base of every Ledgerside component: shared styles, the provider's contexts (client,
 * host context, session, locale), typed events, re-rendering on locale change, and a
 * define that never throws on a second registration.
 */
@localized()
export class LedgerElement extends LitElement {
  static override styles = [base, buttons, fields, feedback];

  /** Registers `tag` for this class unless something already did. */
  static define(tag: string): void {
    defineElement(tag, this);
  }

  @consume({ context: clientContext, subscribe: true })
  @state()
  protected client?: LedgerClient;

  @consume({ context: hostContext, subscribe: true })
  @state()
  protected hostContext: HostContext = {};

  @consume({ context: sessionContext, subscribe: true })
  @state()
  protected sessionState: SessionState = { status: 'loading', permissions: [] };

  @consume({ context: localeContext, subscribe: true })
  @state()
  protected fmt: LedgerLocale = createLocale();

  /** Whether the caller's role holds a permission (false until the session is known). */
  protected can(permission: Permission): boolean {
    return this.sessionState.permissions.includes(permission);
  }

  /** Whether writes are off because the integration is disabled. */
  protected get integrationDisabled(): boolean {
    return this.sessionState.session?.integration.state !== undefined && this.sessionState.session.integration.state !== 'enabled';
  }

  protected emit<K extends LedgerEventName>(type: K, detail: LedgerEventDetails[K]): boolean {
    return fire(this, type, detail);
  }

  /** Tells the host a load or auth failure happened (it may show its own message). */
  protected reportError(error: unknown, operation: string): void {
    this.emit('ledger-error', { error: error instanceof Error ? error : new Error(String(error)), operation });
  }

  protected get isDev(): boolean {
    return (globalThis as { process?: { env?: Record<string, string> } }).process?.env?.NODE_ENV !== 'production';
  }
}
