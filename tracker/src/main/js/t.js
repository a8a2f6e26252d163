/**
 * Footfall browser tracker (t.js).
 *
 * <script defer data-site="WRITE_KEY" src="https://HOST/t.js"></script>
 *
 * Contract (docs/tracker.md has the user-facing version):
 * - Sends a pageview on load and on SPA navigation (history.pushState/replaceState, popstate;
 *   with data-hash="true" also hashchange, and URLs keep their fragment). A navigation counts
 *   only when the path (plus fragment in hash mode) changes.
 * - footfall(name, {props, revenue, callback}) sends a custom event; footfall('consent', choice)
 *   and footfall('identify', userId, traits) are commands (also as footfall.consent /
 *   footfall.identify). Identify sends an identify event (with the traits: person properties)
 *   and puts the user id on every later event of the page.
 * - Consent: the site's level (data-consent) is none, anonymous (the default) or full; the
 *   visitor's choice (consent('none' | 'anonymous' | 'full'), true for everything the site allows,
 *   false for the site's level before consent, null to forget the choice) is kept in
 *   localStorage.footfall_consent and never goes beyond the site's level. At level none nothing
 *   is sent (events are dropped, callbacks answer status 0) and the page is counted when the
 *   visitor consents on it. At anonymous no identifier is sent (and identify is not), at full the
 *   visitor's persistent anonymous id and user id are. A page opened with ?footfall_optout=1 (the
 *   site's opt-out page links there) stores the choice none; ?footfall_optout=0 forgets it.
 *   Calls made before the script loaded, through the stub that fills footfall.q, are replayed.
 * - Clicks on outbound links, download links and elements with data-footfall-event are events.
 * - Privacy: nothing is sent under Do-Not-Track / Global Privacy Control (unless
 *   data-respect-dnt="false") or when localStorage.footfall_ignore is "true". No identifier is
 *   stored or sent unless the site's level is full (or none) and the visitor consented; on such
 *   sites nothing but the visitor's choice touches storage before consent.
 * - Delivery: events carry a random id (the server's idempotency key) and an epoch-millis
 *   timestamp; they wait in memory for about a second (or until 10 are queued), go out as one
 *   batch with sent_at, and leave the queue only when the server answered. Network errors, 5xx
 *   and 429 retry with exponential backoff (Retry-After wins); other 4xx drop the batch. Unsent
 *   events are mirrored in localStorage (at most 200 per page, each page under its own key) and
 *   the next page load sends them, so they survive offline periods and page loads (the server
 *   refuses those older than its window, 7 days). When the page is hidden the rest goes out by
 *   sendBeacon.
 *
 * Written so that Closure Compiler's SIMPLE mode shrinks it well: everything lives in one
 * function scope (local names get renamed), and strings that repeat are left for gzip. The budget
 * is 2,048 bytes gzipped (TrackerBundleTest); features pay for themselves in bytes.
 */
(function (win, doc, nav) {
  'use strict';

  // Loaded twice (two script tags): the first copy does the work.
  if (win.footfall?.consent) return;

  var script = doc.currentScript || doc.querySelector('script[data-site]');
  var data = script.dataset;
  var site = data.site;
  var api = data.api || new URL('/api/track', script.src).href;
  var hashMode = data.hash == 'true';
  // The site's consent level; 'required' is the old name of full.
  var level = data.consent;
  // Visitor levels as numbers: 0 nothing is sent, 1 cookieless, 2 persistent id and identify
  // (-1, an unknown name, is as 0). The site's level is the most a visitor can give (ceiling)
  // and where a visitor who has not chosen stands (preset).
  var LEVELS = ['none', 'anonymous', 'full'];
  var ceiling = level && level != 'anonymous' ? 2 : 1;
  var preset = level == 'none' ? 0 : 1;
  var downloads = RegExp(
    '\\.(' +
      (data.downloadExt || 'pdf,xlsx?,docx?,pptx?,csv,txt,zip,gz,rar,7z,dmg,exe,msi,pkg,deb,rpm,apk,iso,mp[34],mov,avi,wav').replace(/,/g, '|') +
      ')$',
    'i'
  );
  var store;
  try {
    // Touching localStorage throws when the browser blocks storage (e.g. sandboxed iframes).
    store = win.localStorage;
    store.getItem('');
  } catch (e) {
    store = null;
  }
  var ID_KEY = 'footfall_id';
  var CONSENT_KEY = 'footfall_consent';
  // Each page keeps its unsent events under its own key, and the next page load adopts every key
  // of the site (also the one key that all tabs shared before). Two tabs adopting the same
  // events send them twice; the server keeps one by their id.
  var QUEUE_KEY = 'footfall_q_' + site;
  var MY_KEY = QUEUE_KEY + Math.random();
  var MAX_STORED = 200;
  var BATCH = 50;

  var anonymousId;
  var mode;
  var userId;
  // Events not yet acknowledged, oldest first; `sending` is the batch on the wire.
  var queue = [];
  var sending = null;
  var timer = 0;
  var attempt = 0;
  var lastPath;
  // Sent with the first pageview the page counts, then forgotten.
  var referrer = doc.referrer;
  var started;
  var lastTime = 0;

  var off =
    !site ||
    (store && store.getItem('footfall_ignore') == 'true') ||
    (data['respectDnt'] != 'false' &&
      (nav.doNotTrack == '1' || nav['globalPrivacyControl']));

  var randomId = () => {
    // 128 random bits as up to 40 digits.
    return crypto.getRandomValues(new Uint32Array(4)).join('');
  };

  // Storage holds events on sites that count cookieless only, and after consent elsewhere.
  var persistent = () => {
    return store && (anonymousId || (ceiling < 2 && mode > 0));
  };

  var save = () => {
    if (persistent()) {
      try {
        if (queue.length) store.setItem(MY_KEY, JSON.stringify(queue.slice(-MAX_STORED)));
        else store.removeItem(MY_KEY);
      } catch (e) {
        // Over quota: the events stay in memory.
        store.removeItem(MY_KEY);
      }
    }
  };

  var body = (events) => {
    return JSON.stringify({ site: site, sent_at: Date.now(), batch: events });
  };

  var remove = (events) => {
    queue = queue.filter((e) => {
      return events.indexOf(e) < 0;
    });
    save();
  };

  var schedule = (delay) => {
    clearTimeout(timer);
    timer = setTimeout(flush, delay);
  };

  var flush = () => {
    // Whoever calls flush takes over from a pending timer: one delivery chain at a time.
    clearTimeout(timer);
    timer = 0;
    if (sending || !queue.length) return;
    var batch = (sending = queue.slice(0, BATCH));
    /**
     * @param {number} status HTTP status, 0 for a network error
     * @param {number} retryAfter seconds from the Retry-After header, 0 if none
     */
    var done = (status, retryAfter) => {
      sending = null;
      // Once, after the first attempt; JSON leaves functions out, so callbacks never travel.
      batch.forEach((e) => {
        e.callback?.({ status: status });
        delete e.callback;
      });
      // 2xx: stored. Other 4xx except 429: the server will never take these, drop them.
      if (status && status < 500 && status != 429) {
        attempt = 0;
        remove(batch);
        if (queue.length) flush();
      } else {
        // Every failure advances the backoff (1 s, 2 s, 4 s ... 60 s), also when the server
        // named its own delay; `2 **` rather than `<<`, which overflows after 21 failures.
        var backoff = Math.min(6e4, 1e3 * 2 ** attempt++);
        schedule(retryAfter > 0 ? retryAfter * 1e3 : backoff);
      }
    };
    fetch(api, { method: 'POST', body: body(batch), keepalive: true }).then(
      (response) => {
        done(response.status, +response.headers.get('Retry-After'));
      },
      () => {
        done(0, 0);
      }
    );
  };

  // The page may be going away: hand what is not already on the wire to the browser.
  var beacon = () => {
    var rest = queue.filter((e) => {
      return !sending || sending.indexOf(e) < 0;
    });
    // Offline or while the server asks for patience, a beacon would be lost; stored events wait
    // for the next page load instead.
    while (!(persistent() && (attempt || !nav.onLine)) && rest.length) {
      var batch = rest.splice(0, BATCH);
      if (nav.sendBeacon(api, body(batch))) remove(batch);
    }
  };

  var url = () => {
    return location.href.split(hashMode ? void 0 : '#')[0];
  };

  /**
   * @param {string} name
   * @param {?=} options {props, revenue, callback, now}
   * @param {string=} referrer only on the first pageview of a page load
   */
  var track = (name, options, referrer) => {
    if (off || mode < 1) {
      options?.callback?.({ status: 0 });
      return;
    }
    options = options || {};
    var event = {
      id: randomId(),
      event: name,
      // Strictly increasing within a page, so that the server can tell which of two events in
      // the same millisecond came first (entry pages, funnel steps).
      timestamp: (lastTime = Math.max(Date.now(), lastTime + 1)),
      actor: mode > 1 ? { anonymous_id: anonymousId, user_id: userId } : {},
      context: {
        url: url(),
        referrer: referrer,
        title: doc.title,
        screen: screen.width + 'x' + screen.height,
        locale: nav.language,
        hash_mode: hashMode
      },
      properties: options.props,
      revenue: options.revenue,
      traits: options.traits,
      callback: options.callback
    };
    queue.push(event);
    save();
    // A caller waiting for the callback, or a click that may leave the page, goes at once; a
    // full batch too, unless the server or the network asked us to back off.
    if (options.callback || options.now || (!attempt && queue.length >= 10)) {
      flush();
    } else if (!timer) {
      schedule(1e3);
    }
  };

  // Waiting for consent, the page is not counted yet: consent counts it.
  var pageview = () => {
    var path = location.pathname + (hashMode ? location.hash : '');
    if (path != lastPath && mode > 0) {
      lastPath = path;
      track('pageview', 0, referrer);
      referrer = void 0;
    }
  };

  // Puts a choice (a level's name, or none made) into effect, within the site's level.
  var apply = (choice) => {
    mode = Math.min(ceiling, choice ? LEVELS.indexOf(choice) : preset);
    anonymousId = void 0;
    if (store) {
      if (mode > 1) store.setItem(ID_KEY, (anonymousId = store.getItem(ID_KEY) || randomId()));
      else store.removeItem(ID_KEY);
    }
  };

  var consent = (choice) => {
    choice = choice === true ? 'full' : choice === false ? LEVELS[preset] : choice;
    // Without storage the choice holds for this page only.
    if (store) {
      if (choice) store.setItem(CONSENT_KEY, choice);
      else store.removeItem(CONSENT_KEY);
    }
    apply(choice);
    save();
    if (started) pageview();
  };

  var identify = (id, traits) => {
    userId = id ? '' + id : void 0;
    if (userId && mode > 1) track('identify', { traits: traits });
  };

  var footfall = (name, options, traits) => {
    if (name == 'consent') consent(options);
    else if (name == 'identify') identify(options, traits);
    else track(name, options);
  };
  footfall.consent = consent;
  footfall.identify = identify;

  var pending = win.footfall?.q || [];
  win.footfall = footfall;

  // The stored choice. A site whose level no longer allows ids loses the old one here, as does a
  // visitor who consented before choices were kept (the site's next consent call gives a new one).
  apply(store && store.getItem(CONSENT_KEY));
  // Arriving from the site's opt-out page: keep the choice and take the marker out of the URL.
  var optout = /footfall_optout=(.)&?/.exec(location.href);
  if (optout) {
    consent(optout[1] == '1' ? 'none' : null);
    history.replaceState(history.state, '', location.href.replace(optout[0], ''));
  }

  // Adopt what earlier page loads could not deliver. If another tab is still sending some of
  // it, the server drops the second copy by its id.
  if (!off && persistent()) {
    Object.keys(/** @type {!Object} */ (store)).forEach((key) => {
      if (!key.indexOf(QUEUE_KEY)) {
        try {
          queue.push(.../** @type {!Array} */ (JSON.parse(store.getItem(key))));
        } catch (e) {
          // Unreadable leftovers are dropped.
        }
        store.removeItem(key);
      }
    });
    save();
  }

  // Commands first so the first pageview already carries consent and identity; queued events
  // after it, so a session starts with its pageview (and its referrer).
  pending.forEach((args) => {
    if (args[0] == 'consent' || args[0] == 'identify') footfall.apply(0, args);
  });
  started = 1;
  pageview();
  pending.forEach((args) => {
    if (args[0] != 'consent' && args[0] != 'identify') footfall.apply(0, args);
  });

  ['pushState', 'replaceState'].forEach((method) => {
    var original = history[method];
    // Both return nothing.
    history[method] = function () {
      original.apply(this, arguments);
      pageview();
    };
  });
  win.addEventListener('popstate', pageview);
  if (hashMode) win.addEventListener('hashchange', pageview);

  var click = (e) => {
    var target = e.target;
    var tagged = target.closest?.('[data-footfall-event]');
    var link = target.closest?.('a[href]');
    var props = {};
    // The primary button, or the middle one (auxclick), which opens links too.
    if (e.button > 1) return;
    if (tagged) {
      Array.from(tagged.attributes).forEach((a) => {
        if (!a.name.indexOf('data-footfall-prop-')) props[a.name.slice(19)] = a.value;
      });
      track(tagged.dataset.footfallEvent, { props: props, now: 1 });
    }
    if (link && /^https?:$/.test(link.protocol)) {
      var name = downloads.test(link.pathname)
          ? 'file_download'
          : link.host != location.host
            ? 'outbound_link'
            : '';
      // Sent at once: a navigation is likely, and keepalive lets the request outlive the page.
      if (name) track(name, { props: { url: link.href }, now: 1 });
    }
  };
  doc.addEventListener('click', click);
  doc.addEventListener('auxclick', click);

  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState == 'hidden') beacon();
  });
  win.addEventListener('pagehide', beacon);
  win.addEventListener('online', () => {
    attempt = 0;
    flush();
  });
  if (queue.length) flush();
})(window, document, navigator);
