"""Single sign-on with OpenID Connect, through Authlib's Flask client: the login page offers it
when RISKASSESS_OIDC_ISSUER (and the client id, secret and organisation) are set; the provider
sends the browser back to /login/sso/callback with a code, exchanged for tokens whose claims
name the user (services/sso.py). Authorization code flow with PKCE; the provider is found
through its discovery document."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_user

from riskassess import unit_of_work
from riskassess.services import sso

bp = Blueprint("sso", __name__)
MESSAGES = {
    "no_email": lambda: _("The identity provider gave no e-mail address: login refused."),
    "unverified": lambda: _("The identity provider has not verified this e-mail address: "
                            "login refused."),
    "elsewhere": lambda: _("This account cannot log in here: ask your administrator."),
    "inactive": lambda: _("This account cannot log in here: ask your administrator."),
    "unknown": lambda: _("No account uses this address here: ask your administrator for an "
                         "invitation."),
}


def _client():
    """The OpenID Connect client for the current configuration (one per configuration)."""
    config = current_app.config
    key = (config["OIDC_ISSUER"], config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"])
    clients = current_app.extensions.setdefault("riskassess_sso", {})
    if key not in clients:
        from authlib.integrations.flask_client import OAuth  # loaded when single sign-on is used

        oauth = OAuth(current_app)
        oauth.register(
            "sso", client_id=key[1], client_secret=key[2],
            server_metadata_url=key[0].rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256",
                           "timeout": 10})
        clients[key] = oauth.create_client("sso")
    return clients[key]


@bp.route("/login/sso")
def start():
    if not sso.configured():
        abort(404)
    return _client().authorize_redirect(url_for("sso.callback", _external=True))


@bp.route("/login/sso/callback")
def callback():
    if not sso.configured():
        abort(404)
    from authlib.integrations.base_client.errors import OAuthError

    client = _client()
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if "email" not in claims:  # some providers put it only behind the userinfo endpoint
            claims.update(client.userinfo(token=token))
    except (OAuthError, ValueError, OSError) as error:
        current_app.logger.warning("single sign-on failed: %s", error)
        flash(_("The login through the identity provider did not complete: try again."),
              "error")
        return redirect(url_for("auth.login"))
    try:
        user = sso.user_for(claims)
    except sso.SsoRefused as refused:
        unit_of_work.rollback()
        sso.refused(claims, refused.code)
        flash(MESSAGES[refused.code](), "error")
        return redirect(url_for("auth.login"))
    login_user(user)
    flash(_("Welcome, %(name)s.", name=user.name), "success")
    return redirect(url_for("assessments.home"))
