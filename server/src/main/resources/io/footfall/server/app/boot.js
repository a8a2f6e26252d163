// Runs before main.js has rendered anything: starts the requests every signed-in page begins with
// (who is signed in, the sites, the organizations) and, on a site's overview, the statistics of its
// first screen, built from the URL as the overview builds them (requests.js). The app's own
// requests then take these answers (prefetch in api.js) instead of waiting for the page to render.
// The pages without a session (sign-in, setup, password reset, shared links) ask for none.
import { prefetch } from './api.js';
import { view } from './state.js';
import { overviewPaths } from './requests.js';

if (!['/login', '/setup', '/reset-password', '/invite', '/share'].includes(location.pathname)) {
  const paths = ['/api/auth/me', '/api/admin/sites', '/api/admin/organizations'];
  const site = /^\/sites\/([^/]+)$/.exec(location.pathname);
  if (site) paths.push(...overviewPaths(decodeURIComponent(site[1]), view()));
  prefetch(paths);
}
