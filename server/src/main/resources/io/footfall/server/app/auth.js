// Sign-in, password reset (asking for the mail and choosing the new password), first-run setup and
// accepting an invitation by its mailed link.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, get, setCsrf } from './api.js';
import { navigate } from './state.js';
import { useLoad, useSubmit, Field, FormError, useTitle } from './ui.js';

function AuthCard({ title, page, children }) {
  useTitle(page || title);
  return h('main', { class: 'auth' },
    h('div', { class: 'card auth-card' },
      h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'Footfall'),
      h('h1', null, title),
      children));
}

function nextUrl() {
  const next = new URLSearchParams(location.search).get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function Login({ onSignedIn }) {
  const setup = useLoad(() => get('/api/auth/setup'), 'setup');
  const form = useSubmit(async () => {
    const els = document.getElementById('login-form').elements;
    const s = await api('POST', '/api/auth/login', { email: els.email.value, password: els.password.value });
    setCsrf(s.csrf_token);
    await onSignedIn();
    navigate(nextUrl(), true);
  });
  return h(AuthCard, { title: 'Sign in' },
    setup.data && setup.data.open && h('p', { class: 'notice' }, 'This installation has no owner yet. ',
      h('a', { href: '/setup' }, 'Set it up'), ' with the setup token from the server\'s log.'),
    h('form', { id: 'login-form', onSubmit: form.submit },
      h(Field, { label: 'Email' }, h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true, autofocus: true })),
      h(Field, { label: 'Password' }, h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
      h(FormError, { error: form.error }),
      h('button', { type: 'submit', class: 'button primary wide', disabled: form.busy }, form.busy ? 'Signing in…' : 'Sign in')),
    h('p', { class: 'muted' }, h('a', { href: '/reset-password' }, 'Forgot your password?')));
}

export function Setup({ onSignedIn }) {
  const form = useSubmit(async () => {
    const els = document.getElementById('setup-form').elements;
    const s = await api('POST', '/api/auth/setup', {
      token: els.token.value.trim(), email: els.email.value, name: els.name.value,
      password: els.password.value, organization: els.organization.value,
    });
    setCsrf(s.csrf_token);
    await onSignedIn();
    navigate('/', true);
  });
  return h(AuthCard, { title: 'Set up Footfall', page: 'Setup' },
    h('p', null, 'Create the first owner. The setup token is in the server\'s log ("no owner yet: … the setup token …").'),
    h('form', { id: 'setup-form', onSubmit: form.submit },
      h(Field, { label: 'Setup token' }, h('input', { name: 'token', required: true, autocomplete: 'off' })),
      h(Field, { label: 'Organization' }, h('input', { name: 'organization', placeholder: 'Acme' })),
      h(Field, { label: 'Your name' }, h('input', { name: 'name', autocomplete: 'name' })),
      h(Field, { label: 'Email' }, h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })),
      h(Field, { label: 'Password', hint: 'At least 10 characters.' }, h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true })),
      h(FormError, { error: form.error }),
      h('button', { type: 'submit', class: 'button primary wide', disabled: form.busy }, 'Create owner and sign in')),
    h('p', { class: 'muted' }, h('a', { href: '/login' }, 'Back to sign in')));
}

/** /reset-password asks for the mail; /reset-password?token=… (the mailed link) sets the password. */
export function ResetPassword() {
  const token = new URLSearchParams(location.search).get('token');
  const [sent, setSent] = useState(false);
  const request = useSubmit(async () => {
    await api('POST', '/api/auth/password-reset', { email: document.getElementById('reset-email').value });
    setSent(true);
  });
  const confirm = useSubmit(async () => {
    const els = document.getElementById('reset-form').elements;
    if (els.password.value !== els.again.value) throw new Error('The two passwords differ.');
    await api('POST', '/api/auth/password-reset/confirm', { token, password: els.password.value });
  });
  if (!token) {
    return h(AuthCard, { title: 'Reset your password' },
      sent
        ? h('p', { class: 'notice', role: 'status' }, 'If the address has an account, a link to choose a new password is on its way. It is valid for an hour.')
        : h('form', { onSubmit: request.submit },
          h(Field, { label: 'Email' }, h('input', { id: 'reset-email', type: 'email', required: true, autocomplete: 'username' })),
          h(FormError, { error: request.error }),
          h('button', { type: 'submit', class: 'button primary wide', disabled: request.busy }, 'Mail me a link')),
      h('p', { class: 'muted' }, h('a', { href: '/login' }, 'Back to sign in')));
  }
  return h(AuthCard, { title: 'Choose a new password' },
    confirm.done
      ? h('p', { class: 'notice', role: 'status' }, 'Your password is changed; other sessions were signed out. ', h('a', { href: '/login' }, 'Sign in'))
      : h('form', { id: 'reset-form', onSubmit: confirm.submit },
        h(Field, { label: 'New password', hint: 'At least 10 characters.' }, h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' })),
        h(Field, { label: 'Again' }, h('input', { name: 'again', type: 'password', required: true, autocomplete: 'new-password' })),
        h(FormError, { error: confirm.error }),
        h('button', { type: 'submit', class: 'button primary wide', disabled: confirm.busy }, 'Set password')));
}

/**
 * /invite?token=… (the mailed invitation link). Signed in with the invited address: join. Not
 * signed in: make an account for the invited address and join, or sign in first and come back.
 * /invite without a token: the signed-in person's invitations (when no mail server sent a link).
 */
export function Invite({ me, onSignedIn }) {
  const token = new URLSearchParams(location.search).get('token') || '';
  const here = '/invite?token=' + encodeURIComponent(token);
  const join = useSubmit(async () => {
    await api('POST', '/api/auth/invitations/accept', { token });
  });
  const create = useSubmit(async () => {
    const els = document.getElementById('invite-form').elements;
    if (els.password.value !== els.again.value) throw new Error('The two passwords differ.');
    const joined = await api('POST', '/api/auth/invitations/accept', { token, name: els.name.value, password: els.password.value });
    const s = await api('POST', '/api/auth/login', { email: joined.email, password: els.password.value });
    setCsrf(s.csrf_token);
    await onSignedIn();
  });
  if (!token) return h(Received, { me });
  if (join.done || create.done) {
    return h(AuthCard, { title: 'You joined the organization' },
      h('p', { class: 'notice', role: 'status' }, h('a', { href: '/', onClick: (e) => { e.preventDefault(); location.assign('/'); } }, 'Open the dashboard')));
  }
  if (me === undefined) return h(AuthCard, { title: 'Invitation' });
  if (me && !me.error) {
    return h(AuthCard, { title: 'Accept the invitation' },
      h('p', null, 'Join as ', h('strong', null, me.person.email), '.'),
      h('form', { onSubmit: join.submit },
        h(FormError, { error: join.error }),
        h('button', { type: 'submit', class: 'button primary wide', disabled: join.busy }, 'Join')));
  }
  return h(AuthCard, { title: 'Accept the invitation' },
    h('p', null, 'Have an account? ', h('a', { href: '/login?next=' + encodeURIComponent(here) }, 'Sign in'), ' and come back to this link. New here? Create your account:'),
    h('form', { id: 'invite-form', onSubmit: create.submit },
      h(Field, { label: 'Your name' }, h('input', { name: 'name', autocomplete: 'name' })),
      h(Field, { label: 'Password', hint: 'At least 10 characters.' }, h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' })),
      h(Field, { label: 'Again' }, h('input', { name: 'again', type: 'password', required: true, autocomplete: 'new-password' })),
      h(FormError, { error: create.error }),
      h('button', { type: 'submit', class: 'button primary wide', disabled: create.busy }, 'Create account and join')));
}

function Received({ me }) {
  const list = useLoad(() => (me ? get('/api/auth/invitations') : Promise.resolve([])), 'received-' + (me ? me.person.id : ''));
  const [joined, setJoined] = useState(false);
  const accept = async (i) => {
    await api('POST', '/api/auth/invitations/' + encodeURIComponent(i.id) + '/accept');
    setJoined(true);
    list.retry();
  };
  if (me === undefined) return h(AuthCard, { title: 'Invitations' });
  if (!me || me.error) {
    return h(AuthCard, { title: 'Invitations' },
      h('p', null, h('a', { href: '/login?next=' + encodeURIComponent('/invite') }, 'Sign in'), ' to see your invitations.'));
  }
  return h(AuthCard, { title: 'Your invitations' },
    joined && h('p', { class: 'notice', role: 'status' }, 'You joined. ', h('a', { href: '/', onClick: (e) => { e.preventDefault(); location.assign('/'); } }, 'Open the dashboard')),
    list.data && list.data.length === 0 && h('p', { class: 'muted' }, 'No pending invitations to ' + me.person.email + '.'),
    (list.data || []).map((i) => h('p', { key: i.id }, i.organization_name, ' as ', i.role, ' ',
      h('button', { type: 'button', class: 'button small', onClick: () => accept(i).catch((err) => alert(err.message)) }, 'Join'))));
}
