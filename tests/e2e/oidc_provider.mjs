// A real OpenID provider for the browser tests (node-oidc-provider, from npm): one client,
// the app under test; any login name is accepted as the account's e-mail (the provider's
// development interactions), so that a test chooses who logs in.
// node oidc_provider.mjs <port> <redirect uri> <client secret>
import Provider from "oidc-provider";

const [port, redirectUri, secret] = process.argv.slice(2);
const provider = new Provider(`http://localhost:${port}`, {
  clients: [{
    client_id: "riskassess", client_secret: secret, redirect_uris: [redirectUri],
    grant_types: ["authorization_code"], response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: !id.startsWith("unverified"), name: id.split("@")[0] };
      },
    };
  },
  cookies: { keys: ["riskassess-test-cookies"] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;
provider.listen(Number(port), () => console.log(`oidc provider ready on ${port}`));
