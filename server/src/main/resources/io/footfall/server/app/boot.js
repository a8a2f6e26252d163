// Runs before the app's modules have loaded (it imports nothing): starts the three requests every
// signed-in page begins with, so that their answers are there when main.js asks (see early there).
// The pages without a session (sign-in, setup, password reset, shared links) ask for none of them.
if (!['/login', '/setup', '/reset-password', '/share'].includes(location.pathname)) {
  const ask = (path) => fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  window.footfallBoot = {
    me: ask('/api/auth/me'),
    sites: ask('/api/admin/sites'),
    orgs: ask('/api/admin/organizations'),
  };
}
