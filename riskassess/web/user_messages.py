"""Why an account change was refused (services/users.UserError), in the user's language."""

from __future__ import annotations

from flask_babel import gettext as _

from riskassess.services.users import UserError

MESSAGES = {
    "password_short": lambda p: _("the password is too short (at least %(minimum)d "
                                  "characters)", minimum=p["minimum"]),
    "password_simple": lambda p: _("the password is too simple (vary the characters)"),
    "password_common": lambda p: _("the password is too common"),
    "password_email": lambda p: _("the password must not contain the email address"),
    "unknown_role": lambda p: _("this role does not exist"),
    "invalid_email": lambda p: _("this email address is not valid"),
    "email_taken": lambda p: _("a user already has this email address"),
    "own_role": lambda p: _("administrators cannot change their own role"),
    "dpo_decider": lambda p: _("a DPO cannot also be the decider (GDPR Art. 38(6))"),
    "deactivate_self": lambda p: _("administrators cannot deactivate themselves"),
    "coauthor": lambda p: _("co-authors are active project owners of the same organisation"),
    "logo_too_large": lambda p: _("the logo must weigh at most %(limit)d MB and be of "
                                  "reasonable dimensions", limit=p["limit"]),
    "logo_format": lambda p: _("the logo must be a PNG, JPEG, GIF or WebP image"),
    "classification_long": lambda p: _("the classification mention is limited to "
                                       "%(limit)d characters", limit=p["limit"]),
}


def refusal(exc: UserError) -> str:
    """« Refused: <why>. » in the user's language."""
    reason = MESSAGES[exc.code](exc.params) if exc.code in MESSAGES else str(exc)
    return _("Refused: %(reason)s.", reason=reason)
