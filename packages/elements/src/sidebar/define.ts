import '../contact-mapper/define.js';
import '../document-list/define.js';
import '../document-form/define.js';
import '../conversation/define.js';
import '../unread-badge/define.js';
import { LedgerSidebar } from './ledger-sidebar.js';

LedgerSidebar.define('ledger-sidebar');
