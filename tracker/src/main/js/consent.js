/**
 * Footfall consent banner (consent.js), an optional add-on to the tracker t.js.
 *
 * <script defer data-site="WRITE_KEY" data-consent="full" src="https://HOST/t.js"></script>
 * <script defer src="https://HOST/consent.js" data-policy="/privacy"></script>
 *
 * Contract (docs/tracker.md has the user-facing version):
 * - Shown at the bottom of the viewport, fixed, so that nothing on the page moves (no layout
 *   shift), when the site's level (t.js's data-consent) is none or full and the visitor has not
 *   chosen yet (localStorage.footfall_consent). On sites that count cookieless only there is
 *   nothing to ask.
 * - Two buttons of equal weight: Accept gives the site's full level (footfall.consent('full')),
 *   Decline keeps the level before consent (none on data-consent="none" sites, anonymous on the
 *   others). The choice is stored by the banner too, so that it is remembered even where t.js is
 *   blocked.
 * - Accessible: a labelled region (not a modal: the page stays usable), real buttons at least 44
 *   px tall, visible focus, contrast above 4.5:1 in light and dark schemes.
 * - Translatable: English, German, French and Spanish built in, picked by data-lang, the page's
 *   lang or the browser's language; every text can be replaced with data-text-title,
 *   data-text-message, data-text-without, data-text-accept, data-text-decline,
 *   data-text-policy. data-policy is the address of the site's privacy policy.
 * - Any element with data-footfall-consent (e.g. a "Privacy choices" link in the footer) opens the
 *   banner again.
 */
(function (win, doc) {
  'use strict';

  var script = doc.currentScript;
  var data = script.dataset;
  var tracker = doc.querySelector('script[data-site]');
  var level = tracker && tracker.dataset['consent'];
  var KEY = 'footfall_consent';
  // [title, message, without consent (level none), without consent (level full), accept, decline,
  // policy]
  var TEXTS = {
    en: [
      'Privacy choices',
      'May we recognise your browser between visits? It helps us understand how this site is used.',
      'Without your consent, your visit is not measured.',
      'Without your consent, visits are only counted anonymously.',
      'Accept',
      'Decline',
      'Privacy policy'
    ],
    de: [
      'Datenschutz-Einstellungen',
      'Dürfen wir Ihren Browser bei späteren Besuchen wiedererkennen? So verstehen wir, wie diese Website genutzt wird.',
      'Ohne Ihre Einwilligung wird Ihr Besuch nicht gemessen.',
      'Ohne Ihre Einwilligung werden Besuche nur anonym gezählt.',
      'Akzeptieren',
      'Ablehnen',
      'Datenschutzerklärung'
    ],
    fr: [
      'Choix de confidentialité',
      'Pouvons-nous reconnaître votre navigateur d’une visite à l’autre ? Cela nous aide à comprendre l’utilisation de ce site.',
      'Sans votre consentement, votre visite n’est pas mesurée.',
      'Sans votre consentement, les visites sont seulement comptées de façon anonyme.',
      'Accepter',
      'Refuser',
      'Politique de confidentialité'
    ],
    es: [
      'Opciones de privacidad',
      '¿Podemos reconocer su navegador entre visitas? Nos ayuda a entender cómo se usa este sitio.',
      'Sin su consentimiento, su visita no se mide.',
      'Sin su consentimiento, las visitas solo se cuentan de forma anónima.',
      'Aceptar',
      'Rechazar',
      'Política de privacidad'
    ]
  };
  var NAMES = ['title', 'message', 'without', 'without', 'accept', 'decline', 'policy'];
  var language = (data['lang'] || doc.documentElement.lang || navigator.language || 'en')
    .slice(0, 2)
    .toLowerCase();
  var builtIn = TEXTS[language] || TEXTS.en;
  var text = (i) => {
    var own = data['text' + NAMES[i][0].toUpperCase() + NAMES[i].slice(1)];
    return own || builtIn[i];
  };
  var none = level == 'none';

  var stored = () => {
    try {
      return win.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  };

  var footfall =
    win.footfall ||
    function () {
      (footfall.q = footfall.q || []).push(arguments);
    };
  win.footfall = footfall;

  var CSS =
    '.footfall-consent{position:fixed;left:0;right:0;bottom:0;z-index:2147483647;box-sizing:border-box;' +
    'display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:center;justify-content:center;padding:1rem;' +
    'background:#fff;color:#1f1f1f;border-top:1px solid #767676;box-shadow:0 -2px 10px rgba(0,0,0,.15);' +
    'font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
    '.footfall-consent p{margin:0;max-width:46rem}' +
    '.footfall-consent a{color:#0b57d0;text-decoration:underline}' +
    '.footfall-consent div{display:flex;gap:.75rem}' +
    '.footfall-consent button{font:inherit;font-weight:600;min-height:44px;min-width:7rem;padding:.5rem 1.25rem;' +
    'border-radius:6px;border:2px solid #1f1f1f;background:#fff;color:#1f1f1f;cursor:pointer}' +
    '.footfall-consent button:hover{background:#ececec}' +
    '.footfall-consent :focus-visible{outline:3px solid #0b57d0;outline-offset:2px}' +
    '@media (prefers-color-scheme:dark){.footfall-consent{background:#1f1f1f;color:#f2f2f2;border-color:#8f8f8f}' +
    '.footfall-consent a{color:#a8c7fa}.footfall-consent button{background:#1f1f1f;color:#f2f2f2;border-color:#f2f2f2}' +
    '.footfall-consent button:hover{background:#333}.footfall-consent :focus-visible{outline-color:#a8c7fa}}';

  var banner;

  var choose = (choice) => {
    try {
      win.localStorage.setItem(KEY, choice);
    } catch (e) {
      // Without storage the choice holds for this page only.
    }
    footfall('consent', choice);
    banner.remove();
    banner = null;
  };

  /**
   * @param {string} tag
   * @param {?Element=} parent
   * @param {string=} content
   * @return {!Element}
   */
  var element = (tag, parent, content) => {
    var e = doc.createElement(tag);
    e.textContent = content || '';
    if (parent) parent.append(e);
    return e;
  };

  var show = () => {
    if (banner || !level || level == 'anonymous') return;
    if (!doc.getElementById('footfall-consent-style')) {
      var style = element('style', doc.head, CSS);
      style.id = 'footfall-consent-style';
    }
    banner = element('section');
    banner.className = 'footfall-consent';
    banner.setAttribute('aria-label', text(0));
    banner.lang = TEXTS[language] ? language : 'en';
    var message = element('p', banner, text(1) + ' ' + text(none ? 2 : 3) + ' ');
    if (data['policy']) {
      var link = element('a', message, text(6));
      link.href = data['policy'];
    }
    var buttons = element('div', banner);
    element('button', buttons, text(5)).onclick = () => {
      choose(none ? 'none' : 'anonymous');
    };
    element('button', buttons, text(4)).onclick = () => {
      choose('full');
    };
    doc.body.append(banner);
  };

  doc.addEventListener('click', (e) => {
    var target = /** @type {!Element} */ (e.target);
    if (target.closest?.('[data-footfall-consent]')) {
      e.preventDefault();
      show();
    }
  });

  if (!stored()) {
    if (doc.body) show();
    else doc.addEventListener('DOMContentLoaded', show);
  }
})(window, document);
