/**
 * Footfall browser tracker (t.js).
 *
 * <script defer data-site="WRITE_KEY" src="https://HOST/t.js"></script>
 *
 * Contract (docs/tracker.md has the user-facing version):
 * - Sends a pageview on load and on SPA navigation (history.pushState/replaceState, popstate;
 *   with data-hash="true" also hashchange, and URLs keep their fragment). A navigation counts
 *   only when the path (plus fragment in hash mode) changes.
 * - footfall(name, {props, revenue, callback}) sends a custom event; footfall('consent', bool)
 *   and footfall('identify', userId, traits) are commands (also as footfall.consent /
 *   footfall.identify). Identify sends an identify event (with the traits: person properties)
 *   and puts the user id on every later event of the page.
 *   Calls made before the script loaded, through the stub that fills footfall.q, are replayed.
 * - Clicks on outbound links, download links and elements with data-footfall-event are events.
 * - Privacy: nothing is sent under Do-Not-Track / Global Privacy Control (unless
 *   data-respect-dnt="false") or when localStorage.footfall_ignore is "true". No identifier is
 *   stored or sent unless data-consent="required" and the visitor opted in; in consent mode
 *   nothing at all touches storage before opt-in.
 * - Delivery: events carry a random id (the server's idempotency key) and an epoch-millis
 *   timestamp; they wait in memory for about a second (or until 10 are queued), go out as one
 *   batch with sent_at, and leave the queue only when the server answered. Network errors, 5xx
 *   and 429 retry with exponential backoff (Retry-After wins); other 4xx drop the batch. Unsent
 *   events are mirrored in localStorage (at most 200, at most 3 days old) so they survive
 *   offline periods and page loads. When the page is hidden the rest goes out by sendBeacon.
 *
 * Written so that Closure Compiler's SIMPLE mode shrinks it well: everything lives in one
 * function scope (local names get renamed), and strings that repeat are left for gzip.
 */
(function (win, doc, nav) {
  'use strict';

  // Loaded twice (two script tags): the first copy does the work.
  if (win.footfall && win.footfall.consent) return;

  var script = doc.currentScript || doc.querySelector('script[data-site]');
  var attr = (name) => {
    return script.getAttribute('data-' + name);
  };
  var site = attr('site');
  var api = attr('api') || new URL('/api/track', script.src).href;
  var hashMode = attr('hash') == 'true';
  var consentMode = attr('consent') == 'required';
  var downloadExt = (
    attr('download-ext') || 'pdf,xlsx,xls,docx,doc,pptx,ppt,csv,txt,zip,gz,rar,7z,dmg,exe,msi,pkg,deb,rpm,apk,iso,mp3,mp4,mov,avi,wav'
  ).split(',');
  var store;
  try {
    // Touching localStorage throws when the browser blocks storage (e.g. sandboxed iframes).
    store = win.localStorage;
    store.getItem('');
  } catch (e) {
    store = null;
  }
  var ID_KEY = 'footfall_id';
  var QUEUE_KEY = 'footfall_q_' + site;
  var MAX_STORED = 200;
  var MAX_AGE = 3 * 864e5;
  var BATCH = 50;

  var anonymousId = consentMode && store ? store.getItem(ID_KEY) || void 0 : void 0;
  var userId;
  // Events not yet acknowledged, oldest first; `sending` is the batch on the wire.
  var queue = [];
  // Ids of every event this page has queued: stored events outside it belong to other tabs.
  var mine = {};
  var sending = null;
  var callbacks = {};
  var timer = 0;
  var attempt = 0;
  var lastPath;
  var firstPageview = true;
  var lastTime = 0;

  var off =
    !site ||
    (store && store.getItem('footfall_ignore') == 'true') ||
    (attr('respect-dnt') != 'false' &&
      (nav.doNotTrack == '1' || nav['globalPrivacyControl']));

  var randomId = () => {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => {
      return (b + 256).toString(16).slice(1);
    }).join('');
  };

  // Storage is allowed without consent mode, or in consent mode after opt-in (id present).
  var persistent = () => {
    return store && (!consentMode || anonymousId);
  };

  var stored = () => {
    return JSON.parse(store.getItem(QUEUE_KEY) || '[]');
  };

  // Other tabs of the site share the stored queue: keep their events, replace our own.
  var save = () => {
    if (persistent()) {
      try {
        var all = stored()
          .filter((e) => {
            return !mine[e.id];
          })
          .concat(queue)
          .slice(-MAX_STORED);
        if (all.length) {
          store.setItem(QUEUE_KEY, JSON.stringify(all));
        } else {
          store.removeItem(QUEUE_KEY);
        }
      } catch (e) {
        // Unreadable or over quota: the events stay in memory.
        store.removeItem(QUEUE_KEY);
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
      batch.forEach((e) => {
        var cb = callbacks[e.id];
        delete callbacks[e.id];
        if (cb) cb({ status: status });
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
    while (!(persistent() && (attempt || nav.onLine === false)) && rest.length) {
      var batch = rest.splice(0, BATCH);
      if (nav.sendBeacon(api, body(batch))) remove(batch);
    }
  };

  var url = () => {
    return hashMode ? location.href : location.href.split('#')[0];
  };

  /**
   * @param {string} name
   * @param {?=} options {props, revenue, callback, now}
   * @param {string=} referrer only on the first pageview of a page load
   */
  var track = (name, options, referrer) => {
    if (off) {
      if (options && options.callback) options.callback({ status: 0 });
      return;
    }
    options = options || {};
    var event = {
      id: randomId(),
      event: name,
      // Strictly increasing within a page, so that the server can tell which of two events in
      // the same millisecond came first (entry pages, funnel steps).
      timestamp: (lastTime = Math.max(Date.now(), lastTime + 1)),
      actor: { anonymous_id: anonymousId, user_id: userId },
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
      traits: options.traits
    };
    if (options.callback) callbacks[event.id] = options.callback;
    mine[event.id] = 1;
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

  var pageview = () => {
    var path = location.pathname + (hashMode ? location.hash : '');
    if (path == lastPath) return;
    lastPath = path;
    track('pageview', 0, firstPageview ? doc.referrer : void 0);
    firstPageview = false;
  };

  var consent = (granted) => {
    if (!consentMode || !store) return;
    if (granted) {
      anonymousId = store.getItem(ID_KEY) || randomId();
      store.setItem(ID_KEY, anonymousId);
      save();
    } else {
      anonymousId = void 0;
      store.removeItem(ID_KEY);
      store.removeItem(QUEUE_KEY);
    }
  };

  var identify = (id, traits) => {
    userId = id ? '' + id : void 0;
    if (userId) track('identify', { traits: traits });
  };

  var footfall = (name, options, traits) => {
    if (name == 'consent') consent(options);
    else if (name == 'identify') identify(options, traits);
    else track(name, options);
  };
  footfall.consent = consent;
  footfall.identify = identify;

  var pending = (win.footfall && win.footfall.q) || [];
  win.footfall = footfall;

  // A site that left consent mode must not keep sending (or storing) an old id.
  if (store && !consentMode) store.removeItem(ID_KEY);

  // Tabs write the shared queue one after another, and a tab may read it before another tab's
  // write has reached it: when a write arrives without some of our events, put them back.
  win.addEventListener('storage', (e) => {
    if (
      e.key == QUEUE_KEY &&
      queue.some((q) => {
        return (e.newValue || '').indexOf(q.id) < 0;
      })
    )
      save();
  });

  // Adopt what earlier page loads could not deliver. If another tab is still sending some of
  // it, the server drops the second copy by its id.
  if (!off && persistent()) {
    try {
      var now = Date.now();
      stored().forEach((e) => {
        // Too old to be accepted: owned, so that save() forgets it.
        mine[e.id] = 1;
        if (now - e.timestamp < MAX_AGE) queue.push(e);
      });
    } catch (e) {
      // Unreadable leftovers are dropped by save().
    }
    save();
  }

  // Commands first so the first pageview already carries consent and identity; queued events
  // after it, so a session starts with its pageview (and its referrer).
  pending.forEach((args) => {
    if (args[0] == 'consent' || args[0] == 'identify') footfall.apply(0, args);
  });
  pageview();
  pending.forEach((args) => {
    if (args[0] != 'consent' && args[0] != 'identify') footfall.apply(0, args);
  });

  ['pushState', 'replaceState'].forEach((method) => {
    var original = history[method];
    history[method] = function () {
      var result = original.apply(this, arguments);
      pageview();
      return result;
    };
  });
  win.addEventListener('popstate', pageview);
  if (hashMode) win.addEventListener('hashchange', pageview);

  var click = (e) => {
    if (e.type == 'auxclick' && e.button != 1) return;
    var target = e.target;
    var tagged = target.closest && target.closest('[data-footfall-event]');
    if (tagged) {
      var props = {};
      Array.from(tagged.attributes).forEach((a) => {
        if (!a.name.indexOf('data-footfall-prop-')) props[a.name.slice(19)] = a.value;
      });
      track(tagged.getAttribute('data-footfall-event'), { props: props, now: 1 });
    }
    var link = target.closest && target.closest('a[href]');
    if (link && /^https?:$/.test(link.protocol)) {
      var ext = link.pathname.split('.');
      var name =
        ext.length > 1 && downloadExt.indexOf(ext.pop().toLowerCase()) >= 0
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
