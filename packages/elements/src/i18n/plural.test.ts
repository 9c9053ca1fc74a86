/** Counted phrases take the UI language's plural form (Intl.PluralRules), not "1 unread messages". */
import { expect } from '@open-wc/testing';
import { setUiLocale } from './localization.js';
import { customersFound, days, linesNeedAttention, unreadMessages, unreadMessagesAbout, unreadShort } from './plural.js';

describe('plural phrases', () => {
  after(() => setUiLocale('en'));

  it('English: one message, two messages', async () => {
    await setUiLocale('en');
    expect(unreadMessages(1)).to.equal('1 unread message');
    expect(unreadMessages(2)).to.equal('2 unread messages');
    expect(unreadMessages(0)).to.equal('0 unread messages');
    expect(unreadMessagesAbout(1, '1', 'INV-000007')).to.equal('1 unread message about INV-000007');
    expect(unreadShort(4)).to.equal('4 unread');
  });

  it('Spanish: un mensaje, varios mensajes', async () => {
    await setUiLocale('es');
    expect(unreadMessages(1)).to.equal('1 mensaje sin leer');
    expect(unreadMessages(3)).to.equal('3 mensajes sin leer');
    expect(unreadMessagesAbout(2, '2', 'FAC-1')).to.equal('2 mensajes sin leer sobre FAC-1');
  });

  it('Czech: three forms (1, 2–4, 5 and more)', async () => {
    await setUiLocale('cs');
    expect(unreadMessages(1)).to.equal('1 nepřečtená zpráva');
    expect(unreadMessages(3)).to.equal('3 nepřečtené zprávy');
    expect(unreadMessages(5)).to.equal('5 nepřečtených zpráv');
    expect(unreadMessages(22)).to.equal('22 nepřečtených zpráv');
    expect(unreadMessages(4)).to.equal('4 nepřečtené zprávy');
    expect(unreadShort(1)).to.equal('1 nepřečtená');
    expect(unreadShort(2)).to.equal('2 nepřečtené');
    expect(unreadMessagesAbout(1, '1', 'INV-000007')).to.equal('1 nepřečtená zpráva k dokladu INV-000007');
  });

  it('days, customers found and lines needing attention follow the same rules', async () => {
    await setUiLocale('en');
    expect(days(1)).to.equal('1 day');
    expect(days(30)).to.equal('30 days');
    expect(customersFound(1)).to.equal('1 customer found.');
    expect(linesNeedAttention(2)).to.equal('2 lines need attention and are not counted yet.');
    await setUiLocale('cs');
    expect(days(1)).to.equal('1 den');
    expect(days(3)).to.equal('3 dny');
    expect(days(14)).to.equal('14 dní');
    expect(customersFound(2)).to.equal('Nalezeni 2 zákazníci.');
    expect(linesNeedAttention(5)).to.equal('5 řádků vyžaduje pozornost a zatím se nezapočítává.');
    await setUiLocale('es');
    expect(days(1)).to.equal('1 día');
    expect(customersFound(3)).to.equal('3 clientes encontrados.');
  });
});
