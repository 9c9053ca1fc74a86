import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { linkify, safeHref } from './linkify.js';

const links = (body: string) => linkify(body).filter((s) => s.href !== undefined);

describe('linkify', () => {
  it('keeps plain text as one segment, line breaks included', () => {
    expect(linkify('Hello\nworld')).to.deep.equal([{ text: 'Hello\nworld' }]);
    expect(linkify('')).to.deep.equal([]);
  });

  it('finds http and https links in running text', () => {
    expect(linkify('See https://example.com/a?b=1#c and http://x.test.')).to.deep.equal([
      { text: 'See ' },
      { text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { text: ' and ' },
      { text: 'http://x.test', href: 'http://x.test/' },
      { text: '.' },
    ]);
  });

  it('leaves sentence punctuation and unbalanced brackets outside the link', () => {
    expect(links('(see https://example.com/docs).').map((s) => s.text)).to.deep.equal(['https://example.com/docs']);
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar), ok').map((s) => s.text)).to.deep.equal([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
    expect(links('Is it https://example.com/x?!').map((s) => s.text)).to.deep.equal(['https://example.com/x']);
  });

  it('never links other schemes', () => {
    for (const body of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'mailto:a@b.test',
      '//evil.test/x',
      'xhttps://evil.test',
    ]) {
      expect(links(body), body).to.deep.equal([]);
    }
  });

  it('stops a link at quotes and angle brackets, so markup cannot ride along', () => {
    const [link] = links('https://a.test/"onmouseover="alert(1) <img src=x>');
    expect(link!.text).to.equal('https://a.test/');
    expect(links('<a href="https://a.test">x</a>').map((s) => s.text)).to.deep.equal(['https://a.test']);
  });

  it('accepts only http(s) URLs with a host', () => {
    expect(safeHref('https://example.com')).to.equal('https://example.com/');
    expect(safeHref('http://')).to.equal(null);
    expect(safeHref('javascript:alert(1)')).to.equal(null);
    expect(safeHref('not a url')).to.equal(null);
  });

  it('is lossless and every link is http(s): property over arbitrary text with URLs mixed in', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom('https://example.com/path?q=1', 'http://x.test', 'javascript:alert(1)', '\n', ' ', '(', ')', '.', '<script>', '"'),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const body = pieces.join('');
        const segments = linkify(body);
        expect(segments.map((s) => s.text).join('')).to.equal(body);
        for (const s of segments) {
          expect(s.text.length).to.be.greaterThan(0);
          if (s.href !== undefined) {
            expect(new URL(s.href).protocol).to.be.oneOf(['http:', 'https:']);
            expect(s.text).to.match(/^https?:\/\//i);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
