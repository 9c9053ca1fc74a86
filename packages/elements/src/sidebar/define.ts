// Registers <ledger-sidebar>; the components of its tabs are loaded when a tab first opens.
import { LedgerSidebar } from './ledger-sidebar.js';

LedgerSidebar.define('ledger-sidebar');
