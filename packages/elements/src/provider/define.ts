import { LedgerProvider } from './ledger-provider.js';

LedgerProvider.define('ledger-provider');
