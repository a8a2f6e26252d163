// The app: who is signed in, which page the URL names, and the frame around it (organization and
// site switchers, sign-out). Pages read the rest of their state from the URL (state.js).
import { h, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, get, setCsrf, useLink, forgetPrefetched, ApiError } from './api.js';
import { navigate, onNavigate, urlWith } from './state.js';
import { useLoad, Skeleton, ErrorBox, Field, FormError, useSubmit, useTitle } from './ui.js';
import { Login, Setup, ResetPassword, Invite } from './auth.js';
import { Overview } from './overview.js';
import { Compare } from './compare.js';
import { Settings, NewSite, Sites } from './settings.js';
import { People } from './people.js';
import { Retention } from './retention.js';
import { ActiveUsers } from './active-users.js';
import { Paths } from './paths.js';
import { Cohorts } from './cohorts.js';
import { Funnels } from './funnels.js';
import { Insights } from './insights.js';

/**
 * A site's pages beside its overview and settings, in the order of the nav: the path segment, the
 * title, the page, and whether it shows people (linked only for those who read people).
 */
const SITE_PAGES = [
  { path: 'insights', title: 'Insights', page: Insights, people: false },
  { path: 'people', title: 'People', page: People, people: true },
  { path: 'cohorts', title: 'Cohorts', page: Cohorts, people: true },
  { path: 'active-users', title: 'Active users', page: ActiveUsers, people: true },
  { path: 'retention', title: 'Retention', page: Retention, people: true },
  { path: 'funnels', title: 'Funnels', page: Funnels, people: false },
  { path: 'paths', title: 'Paths', page: Paths, people: false },
];
const SITE_PATH = new RegExp('^/sites/([^/]+)(?:/(settings|' + SITE_PAGES.map((p) => p.path).join('|') + '))?$');

const PUBLIC_PAGES = ['/login', '/setup', '/reset-password', '/invite'];

function App() {
  const [, setVersion] = useState(0);
  useEffect(() => onNavigate(() => setVersion((x) => x + 1)), []);
  const path = location.pathname;
  if (path === '/share') return h(Shared, { key: location.hash });
  return h(SignedIn, { path });
}

/** Everything but shared links: needs a session, except the sign-in pages. */
function SignedIn({ path }) {
  const [me, setMe] = useState(undefined);
  const loadMe = async () => {
    try {
      const m = await get('/api/auth/me');
      setCsrf(m.csrf_token);
      setMe(m);
    } catch (e) {
      // boot.js asked its answers without a session: after signing in, ask again.
      forgetPrefetched();
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setMe({ error: e });
    }
  };
  useEffect(() => { loadMe(); }, []);
  if (path === '/login') return h(Login, { onSignedIn: loadMe });
  if (path === '/setup') return h(Setup, { onSignedIn: loadMe });
  if (path === '/reset-password') return h(ResetPassword);
  if (path === '/invite') return h(Invite, { me, onSignedIn: loadMe });
  if (me === undefined) return h('main', { class: 'page' }, h(Skeleton, { lines: 4 }));
  if (me === null) {
    navigate('/login?next=' + encodeURIComponent(path + location.search), true);
    return null;
  }
  if (me.error) return h('main', { class: 'page' }, h(ErrorBox, { error: me.error, retry: loadMe }));
  return h(Workspace, { me, path, signOut: async () => {
    await api('POST', '/api/auth/logout');
    setCsrf('');
    setMe(null);
    navigate('/login', true);
  } });
}

function Workspace({ me, path, signOut }) {
  const sites = useLoad(() => get('/api/admin/sites'), 'sites');
  const orgs = useLoad(() => get('/api/admin/organizations'), 'orgs');
  if (sites.error || orgs.error) return h('main', { class: 'page' }, h(ErrorBox, { error: sites.error || orgs.error, retry: () => { sites.retry(); orgs.retry(); } }));
  if (!sites.data || !orgs.data) return h(Frame, { me, signOut }, h(Skeleton, { lines: 6 }));
  const m = SITE_PATH.exec(path);
  const reload = () => sites.retry();
  if (path === '/') {
    const last = remembered();
    const first = sites.data.find((s) => s.id === last) || sites.data[0];
    if (first) {
      navigate(urlWith({}, '/sites/' + encodeURIComponent(first.id)), true);
      return null;
    }
    return h(Frame, { me, signOut, orgs: orgs.data, sites: [], title: 'Add a site' }, h(NewSite, { me, orgs: orgs.data, onCreated: reload }));
  }
  if (path === '/sites') {
    return h(Frame, { me, signOut, orgs: orgs.data, sites: sites.data, page: 'sites', title: 'Sites' }, h(Sites, { me, orgs: orgs.data, sites: sites.data, onChanged: reload }));
  }
  if (path === '/compare') {
    return h(Frame, { me, signOut, orgs: orgs.data, sites: sites.data, page: 'compare', title: 'Compare sites' }, h(Compare, { sites: sites.data }));
  }
  if (!m) return h(Frame, { me, signOut, title: 'Not found' }, h(NotFound));
  const site = sites.data.find((s) => s.id === decodeURIComponent(m[1]));
  if (!site) return h(Frame, { me, signOut, orgs: orgs.data, sites: sites.data, title: 'No such site' }, h(NotFound, { what: 'site' }));
  remember(site.id);
  const role = roleIn(me, site.organization_id);
  const manager = role === 'owner' || role === 'admin';
  const page = m[2] || 'overview';
  const sitePage = SITE_PAGES.find((p) => p.path === page);
  const title = (page === 'people' && new URLSearchParams(location.search).get('person') ? 'Person' : sitePage ? sitePage.title : page === 'settings' ? 'Settings' : 'Overview') + ' · ' + site.name;
  let body;
  const peopleReader = readsPeople(me, site.organization_id);
  if (sitePage) body = h(sitePage.page, { site, role, peopleReader, me, key: site.id });
  else if (page === 'overview') body = h(Overview, { site, role, peopleReader, key: site.id });
  else if (manager) body = h(Settings, { site, onChanged: reload, key: site.id });
  else body = h('section', { class: 'card empty-site', role: 'alert' }, h('h2', null, 'Settings need the owner or admin role'), h('p', null, 'Your role in this organization is ' + (role || 'none') + '.'));
  return h(Frame, { me, signOut, orgs: orgs.data, sites: sites.data, site, manager, people: peopleReader, page, title }, body);
}

/** The site last opened in this browser, where / leads next time. */
function remembered() {
  try {
    return localStorage.getItem('footfall.site') || '';
  } catch (e) {
    return '';
  }
}

function remember(id) {
  try {
    localStorage.setItem('footfall.site', id);
  } catch (e) {
    // Storage may be off (private mode); / then opens the first site.
  }
}

/**
 * Whether the signed-in person reads the organization's people, as /api/auth/me says (the owner's,
 * the admin's and the analyst's role; a viewer's membership when it grants it). Only the People
 * link depends on it: the page itself shows what the API answers, and a 403 says why not.
 */
function readsPeople(me, orgId) {
  const ms = (me.memberships || []).find((x) => x.organization_id === orgId);
  return !!ms && !!ms.reads_people;
}

export function roleIn(me, orgId) {
  const ms = (me.memberships || []).find((x) => x.organization_id === orgId);
  return ms ? ms.role : '';
}

function NotFound({ what }) {
  return h('section', { class: 'card empty-site', role: 'alert' },
    h('h2', null, what === 'site' ? 'No such site' : 'No such page'),
    h('p', null, what === 'site' ? 'This site does not exist or you have no access to it.' : 'Nothing lives at this address.'),
    h('a', { href: '/', class: 'button' }, 'Go to your sites'));
}

/** The header: brand, organization and site switchers, page links, the person and sign-out. */
function Frame({ me, signOut, orgs, sites, site, manager, people, page, children, shared, title }) {
  useTitle(title);
  const orgSites = site && sites ? sites.filter((s) => s.organization_id === site.organization_id) : sites || [];
  const switchOrg = (e) => {
    const first = sites.find((s) => s.organization_id === e.target.value);
    navigate(first ? '/sites/' + encodeURIComponent(first.id) : '/');
  };
  // Another site opens on the same page; a person, a search, a cohort and a saved insight belong
  // to the site they were of.
  const switchSite = (e) => navigate(urlWith({ person: null, search: null, segment: null, insight: null, cohort: null }, '/sites/' + encodeURIComponent(e.target.value) + (page === 'settings' || SITE_PAGES.some((p) => p.path === page) ? '/' + page : '')));
  const visibleOrgs = orgs ? orgs.filter((o) => sites.some((s) => s.organization_id === o.id)) : [];
  return h('div', { class: 'frame' },
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('header', { class: 'top' },
      h('a', { class: 'brand', href: shared ? location.pathname + location.hash : '/' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'Footfall'),
      site && !shared && visibleOrgs.length > 1 && h('label', { class: 'switcher' },
        h('span', { class: 'sr-only' }, 'Organization'),
        h('select', { value: site.organization_id, onChange: switchOrg, id: 'org-switcher' }, visibleOrgs.map((o) => h('option', { value: o.id, key: o.id }, o.name)))),
      site && !shared && h('label', { class: 'switcher' },
        h('span', { class: 'sr-only' }, 'Site'),
        h('select', { value: site.id, onChange: switchSite, id: 'site-switcher' }, orgSites.map((s) => h('option', { value: s.id, key: s.id }, s.name)))),
      shared && site && h('span', { class: 'site-name' }, site.name, h('span', { class: 'badge' }, 'shared, read-only')),
      h('nav', { class: 'nav', 'aria-label': 'Pages' },
        site && !shared && h('a', { href: urlWith({ tab: null, person: null, search: null, insight: null, cohort: null }, '/sites/' + encodeURIComponent(site.id)), 'aria-current': page === 'overview' ? 'page' : null }, 'Overview'),
        site && !shared && SITE_PAGES.filter((p) => people || !p.people).map((p) => h('a', { key: p.path, href: '/sites/' + encodeURIComponent(site.id) + '/' + p.path, 'aria-current': page === p.path ? 'page' : null }, p.title)),
        site && manager && h('a', { href: '/sites/' + encodeURIComponent(site.id) + '/settings', 'aria-current': page === 'settings' ? 'page' : null }, 'Settings'),
        !shared && me && h('a', { href: '/sites', 'aria-current': page === 'sites' ? 'page' : null }, 'Sites'),
        !shared && sites && sites.length > 1 && h('a', { href: '/compare' + (site ? '?sites=' + encodeURIComponent(site.id) : ''), 'aria-current': page === 'compare' ? 'page' : null }, 'Compare')),
      me && h('div', { class: 'me' },
        h('span', { class: 'muted person' }, me.person.name || me.person.email),
        h('button', { type: 'button', class: 'button ghost small', onClick: signOut, title: 'Signed in as ' + (me.person.name || me.person.email) }, 'Sign out'))),
    h('main', { class: 'page', id: 'main', tabIndex: -1 }, me && !shared && h(PendingInvitations), children));
}

/**
 * A signed-in person's pending invitations, above every page until they answer them: without a
 * mail server, this is how an invited person learns of one.
 */
function PendingInvitations() {
  const list = useLoad(() => get('/api/auth/invitations'), 'pending-invitations');
  if (!list.data || !list.data.length) return null;
  const first = list.data[0];
  return h('p', { class: 'notice invitations-notice', role: 'status' },
    list.data.length === 1
      ? ['You are invited to join ', h('strong', null, first.organization_name), ' as ', first.role, '. ']
      : ['You have ', list.data.length, ' pending invitations. '],
    h('a', { href: '/invite' }, 'Review and join'));
}

/** /share#TOKEN: the overview of the link's one site, read-only, without a session. */
function Shared() {
  const token = location.hash.slice(1);
  const [password, setPassword] = useState('');
  useLink(token, password);
  const sites = useLoad(() => get('/api/admin/sites'), token + ':' + password);
  const form = useSubmit(async () => setPassword(document.getElementById('link-password').value));
  if (!token) return h(Frame, { shared: true, title: 'Not found' }, h(NotFound));
  if (sites.error && sites.error.status === 401) {
    return h(Frame, { shared: true, title: 'Password needed' },
      h('form', { class: 'card narrow', onSubmit: form.submit },
        h('h1', null, 'This shared dashboard needs a password'),
        h(Field, { label: 'Password' }, h('input', { id: 'link-password', type: 'password', required: true, autofocus: true })),
        password && h(FormError, { error: sites.error }),
        h('button', { type: 'submit', class: 'button primary' }, 'Open')));
  }
  if (sites.error) {
    return h(Frame, { shared: true, title: sites.error.status === 404 ? 'Link does not work' : 'Error' }, sites.error.status === 404
      ? h('section', { class: 'card empty-site', role: 'alert' }, h('h2', null, 'This link does not work'), h('p', null, 'It was revoked, has expired, or was copied incompletely.'))
      : h(ErrorBox, { error: sites.error, retry: sites.retry }));
  }
  if (!sites.data) return h(Frame, { shared: true }, h(Skeleton, { lines: 6 }));
  const site = sites.data[0];
  return h(Frame, { shared: true, site, title: 'Overview · ' + site.name + ' (shared)' }, h(Overview, { site, key: site.id }));
}

/** Links inside the app change the page without a reload; downloads and other origins do not. */
document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || /^\/(api|app|webjars)\//.test(url.pathname) || url.pathname === '/t.js') return;
  if (a.getAttribute('href').startsWith('#')) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

const root = document.getElementById('app');
root.textContent = '';
render(h(App), root);
