import { ContextProvider } from '@lit/context';
import { createLedgerClient, isLedgerApiError, LedgerApiError, type GetToken, type LedgerClient } from '@ledgerside/client';
import { permissionsOf } from '@ledgerside/contract';
import {
  clientContext,
  hostContext,
  liveContext,
  localeContext,
  sessionContext,
  type HostContext,
  type SessionState,
} from './contexts.js';
import { createLocale } from './locale.js';
import { setUiLocale } from '../i18n/localization.js';
import { LiveEventHub } from '../controllers/live-hub.js';
import { fire } from '../events.js';

export interface LedgerConfig {
  /** A ready client; or `apiBase` + `getToken` to make one. */
  client?: LedgerClient;
  apiBase?: string;
  getToken?: GetToken;
  locale?: string;
  host?: HostContext;
}

/**
 * The contexts one provider root shares. Used by `<ledger-provider>` and by
 * `provideLedger(root)`, so both behave the same.
 */
export class LedgerRuntime {
  readonly #client: ContextProvider<typeof clientContext>;
  readonly #host: ContextProvider<typeof hostContext>;
  readonly #session: ContextProvider<typeof sessionContext>;
  readonly #locale: ContextProvider<typeof localeContext>;
  readonly #live: ContextProvider<typeof liveContext>;
  #loading: AbortController | undefined;
  readonly #reload = () => void this.reloadSession();

  constructor(private readonly root: HTMLElement) {
    this.#client = new ContextProvider(root, { context: clientContext, initialValue: undefined });
    this.#host = new ContextProvider(root, { context: hostContext, initialValue: {} });
    this.#session = new ContextProvider(root, { context: sessionContext, initialValue: { status: 'loading', permissions: [] } });
    this.#locale = new ContextProvider(root, { context: localeContext, initialValue: createLocale() });
    this.#live = new ContextProvider(root, { context: liveContext, initialValue: undefined });
  }

  get client(): LedgerClient | undefined {
    return this.#client.value;
  }

  get session(): SessionState {
    return this.#session.value;
  }

  setClient(client: LedgerClient | undefined): void {
    if (client === this.#client.value) return;
    this.#live.value?.close();
    this.#client.setValue(client);
    this.#live.setValue(client ? new LiveEventHub(client) : undefined);
    void this.reloadSession();
  }

  setHost(host: HostContext): void {
    this.#host.setValue(host);
  }

  /** Formats and UI language together: components re-render in the new language. */
  setLocale(locale: string | undefined): void {
    const formats = createLocale(locale);
    this.#locale.setValue(formats);
    void setUiLocale(formats.locale);
  }

  configure(config: LedgerConfig): void {
    if (config.locale !== undefined) this.setLocale(config.locale);
    if (config.host) this.setHost(config.host);
    if (config.client) this.setClient(config.client);
    else if (config.getToken) this.setClient(createLedgerClient({ baseUrl: config.apiBase ?? '', getToken: config.getToken }));
  }

  /** Loads who the caller is; components wait for it to know what to show. */
  async reloadSession(): Promise<void> {
    this.#loading?.abort();
    const client = this.#client.value;
    if (!client) return;
    const controller = new AbortController();
    this.#loading = controller;
    this.#session.setValue({ status: 'loading', permissions: [], reload: this.#reload });
    try {
      const session = await client.getSession(undefined, { signal: controller.signal });
      if (controller.signal.aborted) return;
      // The contract's table is the source; the server's list is what this org grants.
      const permissions = session.permissions.length ? session.permissions : permissionsOf(session.user.role);
      this.#session.setValue({ status: 'ready', session, permissions, reload: this.#reload });
    } catch (error) {
      if (controller.signal.aborted) return;
      const apiError = isLedgerApiError(error) ? error : new LedgerApiError({ kind: 'network', message: String(error) });
      this.#session.setValue({ status: 'error', error: apiError, permissions: [], reload: this.#reload });
      fire(this.root, 'ledger-error', { error: apiError, operation: 'session' });
    }
  }

  dispose(): void {
    this.#loading?.abort();
    this.#live.value?.close();
  }
}

/**
 * Shares a client, host context and locale with every Ledgerside component inside `root`
 * (any element) without a `<ledger-provider>` wrapper.
 */
export function provideLedger(root: HTMLElement, config: LedgerConfig): LedgerRuntime {
  const runtime = new LedgerRuntime(root);
  runtime.configure(config);
  return runtime;
}
