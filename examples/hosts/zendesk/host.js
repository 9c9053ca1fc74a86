// Zendesk's side of the Zendesk Apps Framework, as the SDK (zendesk_app_framework_sdk) speaks it:
// the app's iframe posts JSON strings to this page's origin (given in its `origin` query), and
// this page answers from the ticket it shows. What a real Zendesk also does is here:
// - a signedUrls app's first load is a form POST carrying a JWT (this demo signs it with the
//   demo installation's key at /dev/hosts/zendesk/jwt);
// - `iframe.handshake` → `zaf.app.registered` with the metadata and context;
// - `get` requests for `ticket.id`, `ticket.requester`, `currentUser`;
// - `invoke` of `resize` sets the iframe's height;
// - `iframe.on:<event>` subscriptions, then `zaf.<event>` when it happens.
const frame = document.querySelector('iframe.app');
const params = new URLSearchParams(location.search);
const appGuid = crypto.randomUUID();
const locale = params.get('locale') ?? 'en-US';
const TICKET_ID = Number(params.get('ticket') ?? 1001);
const log = (text) => {
  const li = document.createElement('li');
  li.textContent = text;
  document.getElementById('log').prepend(li);
};

const { contacts } = await (await fetch('/dev/fixtures', { cache: 'no-store' })).json();
/** The demo's requesters as Zendesk users (ZAF's user object). */
const requesters = Object.values(contacts).map((c, index) => ({
  id: 501 + index,
  name: c.name,
  email: c.email,
  identities: [
    { type: 'email', value: c.email, primary: true },
    ...(c.secondaryEmail ? [{ type: 'email', value: c.secondaryEmail, primary: false }] : []),
    ...(c.phone ? [{ type: 'phone_number', value: c.phone }] : []),
  ],
  organizations: c.company ? [{ id: 900 + index, name: c.company }] : [],
}));
let requester = requesters.find((r) => String(r.id) === params.get('requester')) ?? requesters[0];
const signed = await (await fetch('/dev/hosts/zendesk/jwt?user=9001', { cache: 'no-store' })).json();
const currentUser = { ...signed.user, locale, role: 'agent' };

const subscriptions = new Set();
/** What the page received from the app, for people (the log) and for tests (window.zaf). */
window.zaf = { resizes: [], requests: [] };

function send(message) {
  frame.contentWindow.postMessage(JSON.stringify(message), location.origin);
}
function emit(event, message) {
  if (subscriptions.has(event)) send({ key: `zaf.${event}`, message });
}

const values = {
  'ticket.id': () => TICKET_ID,
  'ticket.requester': () => requester,
  currentUser: () => currentUser,
};

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
  let data;
  try {
    data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
  } catch {
    return;
  }
  if (data.key === 'iframe.handshake') {
    log(`handshake (SDK ${data.message?.version ?? '?'})`);
    send({
      key: 'zaf.app.registered',
      message: {
        metadata: { appId: 0, installationId: 1001, name: 'Ledgerside', settings: {} },
        context: { product: 'support', location: 'ticket_sidebar', ticketId: TICKET_ID, instanceGuid: appGuid, account: { subdomain: 'northwind' } },
      },
    });
    return;
  }
  if (typeof data.key === 'string' && data.key.startsWith('iframe.on:')) {
    subscriptions.add(data.key.slice('iframe.on:'.length));
    log(`on ${data.key.slice('iframe.on:'.length)}`);
    return;
  }
  if (data.request === 'get') {
    window.zaf.requests.push({ get: data.params });
    const result = { errors: {} };
    for (const path of data.params) {
      if (values[path]) result[path] = values[path]();
      else result.errors[path] = { message: 'is not a valid path', name: 'InvalidPath', path };
    }
    log(`get ${data.params.join(', ')}`);
    send({ id: data.id, result });
    return;
  }
  if (data.request === 'invoke') {
    const [name] = Object.keys(data.params);
    if (name === 'resize') {
      const height = parseInt(data.params.resize[0]?.height, 10);
      if (Number.isFinite(height)) {
        frame.style.height = `${height}px`;
        window.zaf.resizes.push(height);
        log(`resize ${height}px`);
      }
    }
    send({ id: data.id, result: {} });
  }
});

// The requester picker: Zendesk tells a subscribed app that the requester changed.
const select = document.getElementById('requester');
for (const r of requesters) select.append(new Option(`${r.name} <${r.email}>`, String(r.id)));
select.value = String(requester.id);
const show = () => (document.getElementById('requester-line').textContent = `${requester.name} <${requester.email}>${requester.organizations[0] ? ` · ${requester.organizations[0].name}` : ''}`);
show();
select.addEventListener('change', () => {
  requester = requesters.find((r) => String(r.id) === select.value) ?? requester;
  show();
  log(`requester → ${requester.name}`);
  emit('ticket.requester.id.changed', requester.id);
  emit('ticket.requester.email.changed', requester.email);
});
const localeSelect = document.getElementById('locale');
localeSelect.value = locale;
localeSelect.addEventListener('change', () => {
  params.set('locale', localeSelect.value);
  location.search = params.toString();
});

// First load as Zendesk does it for a signedUrls app: POST the JWT to the app's URL.
const form = document.getElementById('signed');
form.action = `/apps/zendesk/?origin=${encodeURIComponent(location.origin)}&app_guid=${appGuid}`;
form.elements.token.value = signed.token;
form.submit();
