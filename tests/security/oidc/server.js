// A real OpenID Provider for the SSO tests: panva's certified oidc-provider on a loopback port.
// Started by the `oidc_provider` fixture (tests/security/oidc/__init__.py) with:
//   PORT         the port on 127.0.0.1
//   OIDC_CLIENTS JSON list of clients (client_id, client_secret, redirect_uris,
//                post_logout_redirect_uris)
//   OIDC_STATE   a JSON file the test writes and this server reads at each request:
//                {"accounts": {"<login>": {claims}}, "idTokenOverrides": {...}, "codeTtl": 60}
// The sign-in form is the provider's own development interaction (login = the account's key).
// idTokenOverrides lets a test make the provider sign an ID token with a wrong audience or
// nonce, as a misconfigured or hostile provider would: the token is re-signed with the
// provider's own key, so only the claim is wrong. signWithForeignKey: signed by a key that
// is not the provider's (under the provider's key id), as a forger would.
import { generateKeyPair, exportJWK, decodeJwt, SignJWT, importJWK } from 'jose';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const state = () => JSON.parse(readFileSync(process.env.OIDC_STATE, 'utf8'));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const foreign = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: JSON.parse(process.env.OIDC_CLIENTS).map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  })),
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'],
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  ttl: { AuthorizationCode: () => state().codeTtl ?? 60 },
  cookies: { keys: ['test-only-cookie-key'] },
  async findAccount(ctx, id) {
    const claims = state().accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // First-party client: no consent screen, every requested scope granted.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const { idTokenOverrides, signWithForeignKey } = state();
  if (!idTokenOverrides && !signWithForeignKey) return;
  const claims = { ...decodeJwt(ctx.body.id_token), ...idTokenOverrides };
  const key = signWithForeignKey ? foreign.privateKey : await importJWK(jwk, 'RS256');
  ctx.body.id_token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .sign(key);
});

provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
