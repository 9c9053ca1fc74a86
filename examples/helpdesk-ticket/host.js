// What a helpdesk vendor writes around the script tag: configure Ledgerside with a callback to
// its own backend for a short-lived token. In this demo "the backend" is the demo server's
// /dev/token; a real host mints the token server-side with @ledgerside/server's mintToken().
const params = new URLSearchParams(location.search);
const user = params.get('user') ?? 'u-agent';
const locale = params.get('locale') ?? 'en';
const theme = params.get('theme') ?? 'light';

async function getToken() {
  const response = await fetch(`/dev/token?user=${encodeURIComponent(user)}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`token: ${response.status}`);
  return (await response.json()).token;
}

window.Ledgerside.configure({ apiBase: '', getToken, locale, theme });
document.documentElement.lang = locale;
document.body.classList.toggle('dark', theme === 'dark' || (theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches));

// The helpdesk's requesters (the demo seeds Ana as linked; Jana matches by her secondary
// email only; Noah is new to billing). The host knows more than attributes carry: addresses,
// tax ids. In the demo they come from the seed itself (/dev/fixtures), not from a copy here.
const { contacts: requesters } = await (await fetch('/dev/fixtures', { cache: 'no-store' })).json();
const requester = requesters[params.get('contact') ?? 'ana'] ?? requesters.ana;
document.getElementById('sidebar').contact = requester;
// A notification's link names the ticket its document was made from.
if (params.get('ticket')) document.getElementById('sidebar').setAttribute('ticket-id', params.get('ticket'));
document.getElementById('requester').textContent = `${requester.name} <${requester.email}> · ${requester.company}`;

// Demo controls: each change reloads the page with new parameters.
const select = (id, value) => {
  const el = document.getElementById(id);
  el.value = value;
  el.addEventListener('change', () => {
    params.set(id, el.value);
    location.search = params.toString();
  });
  return el;
};
select('locale', locale);
select('contact', params.get('contact') ?? 'ana');
select('theme', theme);
fetch('/dev/users')
  .then((r) => r.json())
  .then(({ items }) => {
    // Every demo user, grouped by organization: the signed-in one must be among the options
    // whatever organization it belongs to, or the select shows nothing.
    const el = document.getElementById('user');
    const groups = new Map();
    for (const u of items) {
      let group = groups.get(u.organization.id);
      if (!group) {
        group = Object.assign(document.createElement('optgroup'), { label: u.organization.name });
        groups.set(u.organization.id, group);
        el.append(group);
      }
      group.append(new Option(`${u.name} (${u.role.replace('_', ' ')})`, u.id));
    }
    select('user', user);
  });

// Host events: a real host would show its own notifications.
for (const type of ['ledger-document-created', 'ledger-contact-mapped', 'ledger-message-posted', 'ledger-error']) {
  document.addEventListener(type, (event) => console.info(type, event.detail));
}

// A notification email's link (?transaction=invoice:ID) opens that transaction's thread.
const transaction = params.get('transaction');
if (transaction) {
  const [transactionType, transactionId] = transaction.split(':');
  customElements.whenDefined('ledger-sidebar').then(() => {
    document.getElementById('sidebar').dispatchEvent(
      new CustomEvent('ledger-conversation-requested', { detail: { transactionType, transactionId }, bubbles: true, composed: true }),
    );
  });
}
