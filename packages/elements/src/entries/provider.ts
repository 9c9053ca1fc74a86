// `@ledgerside/elements/provider.js`: <ledger-provider> and `provideLedger()`, registered on import.
import '../provider/define.js';
export { LedgerProvider } from '../provider/ledger-provider.js';
export { provideLedger } from '../context/runtime.js';
