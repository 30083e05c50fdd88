// A local OpenID Connect identity provider for the test suite (oidc-provider 9.x).
//
// Usage:
//   node server.mjs --port 0 --client-id X --client-secret Y \
//     --redirect-uri http://127.0.0.1:8000/hub/oauth_callback
//
// Every option may also come from the environment (OIDC_PORT, OIDC_HOST, OIDC_CLIENT_ID,
// OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI; several redirect URIs are separated by spaces).
// --port 0 lets the OS pick a free port; the issuer is printed as `READY <issuer>` on stdout
// once the server listens.  SIGTERM or SIGINT stops it with exit code 0.
//
// The client is confidential; oidc-provider 9 accepts its secret both as HTTP Basic
// (client_secret_basic) and in the POST body (client_secret_post, oauthenticator's default).
// PKCE (S256) is required unless --no-require-pkce is given.
//
// Any login is accepted (the password field is optional and ignored).  The account for login
// `alice` has preferred_username `alice` and email `alice@example.com`; the account for login
// `bob@corp.test` has preferred_username `bob` and email `bob@corp.test`.  Consent is granted
// automatically unless --consent-screen is given, in which case a "Continue" page is shown.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: opts } = parseArgs({
  options: {
    host: { type: 'string', default: process.env.OIDC_HOST ?? '127.0.0.1' },
    port: { type: 'string', default: process.env.OIDC_PORT ?? '0' },
    'client-id': { type: 'string', default: process.env.OIDC_CLIENT_ID ?? 'interview-platform' },
    'client-secret': { type: 'string', default: process.env.OIDC_CLIENT_SECRET },
    'redirect-uri': {
      type: 'string',
      multiple: true,
      default: process.env.OIDC_REDIRECT_URI?.trim().split(/\s+/).filter(Boolean) ?? [],
    },
    'consent-screen': { type: 'boolean', default: false },
    'no-require-pkce': { type: 'boolean', default: false },
  },
  strict: true,
});

function fail(message) {
  process.stderr.write(`server.mjs: ${message}\n`);
  process.exit(2);
}

const port = Number.parseInt(opts.port, 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${opts.port}`);
if (!opts['client-secret']) fail('--client-secret (or OIDC_CLIENT_SECRET) is required');
if (opts['redirect-uri'].length === 0) fail('--redirect-uri (or OIDC_REDIRECT_URI) is required');

// ---------------------------------------------------------------------------------------------
// Accounts: anyone can sign in with any login name.

function accountFor(login) {
  const at = login.indexOf('@');
  const username = at === -1 ? login : login.slice(0, at);
  const email = at === -1 ? `${login}@example.com` : login;
  return {
    sub: login,
    preferred_username: username,
    name: username,
    email,
    email_verified: true,
  };
}

async function findAccount(_ctx, id) {
  if (!id) return undefined;
  return {
    accountId: id,
    async claims() {
      return accountFor(id);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTML for the login and consent interactions.

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function loginPage(uid, clientId, error, login = '') {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const abort = `/interaction/${encodeURIComponent(uid)}/abort`;
  const errorHtml = error ? `<p id="error" role="alert">${escapeHtml(error)}</p>\n` : '';
  return page('Sign-in', `<p>Signing in to <code>${escapeHtml(clientId)}</code></p>
${errorHtml}<form id="login-form" method="post" action="${action}" autocomplete="off">
  <label for="login">Login</label>
  <input id="login" name="login" type="text" value="${escapeHtml(login)}" required autofocus>
  <label for="password">Password (any, optional)</label>
  <input id="password" name="password" type="password">
  <button id="submit" type="submit">Sign-in</button>
</form>
<p><a id="cancel" href="${abort}">Cancel</a></p>`);
}

function consentPage(uid, clientId, scopes) {
  const action = `/interaction/${encodeURIComponent(uid)}/confirm`;
  const abort = `/interaction/${encodeURIComponent(uid)}/abort`;
  return page('Authorize', `<p><code>${escapeHtml(clientId)}</code> asks for:
<code id="scopes">${escapeHtml(scopes.join(' '))}</code></p>
<form id="consent-form" method="post" action="${action}">
  <button id="continue" type="submit" autofocus>Continue</button>
</form>
<p><a id="cancel" href="${abort}">Cancel</a></p>`);
}

// ---------------------------------------------------------------------------------------------
// Provider configuration.

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

function configuration() {
  return {
    clients: [
      {
        client_id: opts['client-id'],
        client_secret: opts['client-secret'],
        redirect_uris: opts['redirect-uri'],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        // Either shared-secret method is accepted by oidc-provider 9 for such a client.
        token_endpoint_auth_method: 'client_secret_basic',
        application_type: 'web',
      },
    ],
    scopes: ['openid', 'profile', 'email'],
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      email: ['email', 'email_verified'],
    },
    responseTypes: ['code'],
    // Only the two shared-secret methods are useful for the hub.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    // Explicit lifetimes (seconds); also keeps oidc-provider from logging a notice for each.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
    },
    findAccount,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    // oauthenticator 17 sends an S256 challenge by default; insist on it unless told otherwise.
    pkce: { required: () => !opts['no-require-pkce'] },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    // Plain-text error pages are easier to read in test logs and screenshots.
    async renderError(ctx, out) {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = Object.entries(out)
        .map(([key, value]) => `${key}: ${value}`)
        .join('\n');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Interaction handlers (plain node:http, in front of the provider's own Koa app).

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

async function grantConsent(provider, details) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  if (missing.missingResourceScopes) {
    for (const [indicator, scope] of Object.entries(missing.missingResourceScopes)) {
      grant.addResourceScope(indicator, scope.join(' '));
    }
  }
  return { consent: { grantId: await grant.save() } };
}

async function handleInteraction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    sendHtml(res, 400, page('Error', '<p>Interaction mismatch.</p>'));
    return;
  }
  const promptName = details.prompt.name;
  const clientId = details.params.client_id;

  if (action === 'abort' && req.method === 'GET') {
    const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }

  if (action === '' && req.method === 'GET') {
    if (promptName === 'login') {
      sendHtml(res, 200, loginPage(uid, clientId, null, details.params.login_hint ?? ''));
    } else if (promptName === 'consent' && opts['consent-screen']) {
      const scopes = details.prompt.details.missingOIDCScope ?? [];
      sendHtml(res, 200, consentPage(uid, clientId, scopes));
    } else if (promptName === 'consent') {
      const result = await grantConsent(provider, details);
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    } else {
      sendHtml(res, 501, page('Error', `<p>Unsupported prompt ${escapeHtml(promptName)}.</p>`));
    }
    return;
  }

  if (action === 'login' && req.method === 'POST' && promptName === 'login') {
    const form = await readForm(req);
    const login = (form.get('login') ?? '').trim();
    if (!login) {
      sendHtml(res, 400, loginPage(uid, clientId, 'Enter a login name.'));
      return;
    }
    const result = { login: { accountId: login } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }

  if (action === 'confirm' && req.method === 'POST' && promptName === 'consent') {
    await readForm(req);
    const result = await grantConsent(provider, details);
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    return;
  }

  sendHtml(res, 400, page('Error', '<p>Unexpected request for this interaction.</p>'));
}

const INTERACTION_PATH = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?\/?$/;

function requestHandler(provider) {
  const providerCallback = provider.callback();
  return (req, res) => {
    const { pathname } = new URL(req.url, provider.issuer);
    const match = INTERACTION_PATH.exec(pathname);
    if (!match) {
      providerCallback(req, res);
      return;
    }
    const [, uid, action = ''] = match;
    handleInteraction(provider, req, res, decodeURIComponent(uid), action).catch((err) => {
      // Typically SessionNotFound: the interaction cookie expired or the browser lost it.
      process.stderr.write(`interaction error: ${err?.stack ?? err}\n`);
      if (!res.headersSent) {
        const message = `${err?.name ?? 'Error'}: ${err?.error_description ?? err?.message}`;
        sendHtml(res, err?.statusCode ?? 500, page('Error', `<p>${escapeHtml(message)}</p>`));
      } else {
        res.end();
      }
    });
  };
}

// ---------------------------------------------------------------------------------------------
// Start: listen first (so --port 0 works), then build the provider with the real issuer.

const server = createServer();
server.keepAliveTimeout = 1000;

server.on('error', (err) => fail(`cannot listen on ${opts.host}:${port}: ${err.message}`));

server.listen(port, opts.host, async () => {
  const address = server.address();
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const issuer = `http://${host}:${address.port}`;
  let provider;
  try {
    provider = new Provider(issuer, configuration());
    // Static clients are validated lazily; load ours now so a bad redirect URI fails here.
    if (!(await provider.Client.find(opts['client-id']))) throw new Error('client not found');
  } catch (err) {
    fail(`invalid provider configuration: ${err?.error_description ?? err?.message ?? err}`);
  }
  provider.on('server_error', (_ctx, err) => {
    process.stderr.write(`server_error: ${err?.stack ?? err}\n`);
  });
  server.on('request', requestHandler(provider));
  process.stdout.write(`READY ${issuer}\n`);
});

function shutdown(signal) {
  process.stderr.write(`received ${signal}, shutting down\n`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
