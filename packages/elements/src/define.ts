// Registers every Ledgerside tag (each only if not registered yet).
import './provider/define.js';
import './confirm-dialog/define.js';
import './document-actions/define.js';
import './contact-mapper/define.js';
import './document-list/define.js';
import './document-form/define.js';
import './conversation/define.js';
import './unread-badge/define.js';
import './sidebar/define.js';
