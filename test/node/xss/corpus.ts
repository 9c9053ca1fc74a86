/**
 * Hostile strings for the XSS tests (test/browser/xss.test.ts for the components,
 * test/node/xss-pdf-email.test.ts for the PDF and the emails): script tags, event-handler
 * attributes, `javascript:` URLs, SVG payloads, CSS injection, RTL override, template and Lit
 * marker lookalikes, mXSS shapes. Every payload that could run calls `__pwned`.
 */
/** Each calls the trap if it ever runs; the short ones fit any field. */
export const corpus = [
  // Short enough for the smallest fields (postal code: 20).
  `'"><b>x</b>`,
  `\u202E<i>abc</i>`,
  `<s>\${1}{{2}}`,
  `<script>__pwned('script')</script>`,
  `<img src=x onerror=__pwned('img')>`,
  `"><svg onload=__pwned('svg')>`,
  `<svg><script>__pwned('svg-script')</script></svg>`,
  `javascript:__pwned('js-url')`,
  `<a href="javascript:__pwned('a')">pay</a>`,
  `</style><style>*{background:url("javascript:__pwned('css')")}</style>`,
  `</textarea><img src=x onerror=__pwned('textarea')>`,
  `\u202Egnp.exe<b onmouseover=__pwned('rtl')>`,
  '${__pwned("template")}',
  '{{constructor.constructor("__pwned(1)")()}}',
  '<!--?lit$1234$--><?lit$0$>lit$9$',
  `<iframe srcdoc="<script>parent.__pwned('iframe')</script>">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=__pwned('mxss')>`,
  `<details open ontoggle=__pwned('details')>`,
  `https://x.test/"onmouseover="__pwned('href')"`,
  `https://x.test/<img/src/onerror=__pwned('link')>`,
  `' onfocus='__pwned("attr")' autofocus x='`,
];
