"""WTForms classes of the interface (questionnaire answers are parsed by the core instead)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from riskassess.core import limits
from riskassess.labels import current_lang
from riskassess.services.catalogue import sector_options


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class AssessmentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.TITLE)])
    description = TextAreaField(_l("Description"), validators=[Length(max=limits.TEXT)])
    sector = SelectField(_l("Sector"), validators=[DataRequired()])
    template = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.sector.choices = [SelectChoice(o.value, o.label.get(lang)) for o in sector_options()]


class OpinionForm(FlaskForm):
    """The DPO's part: send back to the authors, or give the opinion."""

    action = RadioField(
        _l("Your step"), default="give_opinion",
        choices=[SelectChoice("give_opinion", _l("Give my opinion to the decider")),
                 SelectChoice("request_changes", _l("Send back to the authors for changes"))],
        validators=[DataRequired()])
    opinion = RadioField(
        _l("Opinion"),
        choices=[SelectChoice("favourable", _l("Favourable")),
                 SelectChoice("reservations", _l("Favourable with reservations")),
                 SelectChoice("unfavourable", _l("Unfavourable"))],
        validators=[Optional()])
    text = TextAreaField(
        _l("Your opinion, or what to change"),
        validators=[DataRequired(), Length(max=limits.TEXT)])
    justification = TextAreaField(
        _l("Why give the opinion now, with these points unsettled?"),
        validators=[Length(max=limits.TEXT)])


class DecisionForm(FlaskForm):
    """The decider's decision, after the DPO's opinion."""

    action = RadioField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Approve")),
                 SelectChoice("approve_with_conditions", _l("Approve with conditions")),
                 SelectChoice("reject", _l("Refuse"))],
        validators=[DataRequired()])
    text = TextAreaField(
        _l("Conditions, or the reasons of the decision"),
        validators=[Length(max=limits.TEXT)])
    review_on = DateField(_l("Review the assessment again by"), validators=[Optional()])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state."""


class ReidentificationForm(FlaskForm):
    sample = FileField(_l("CSV sample"), validators=[FileRequired()])
    quasi_identifiers = StringField(_l("Quasi-identifiers (columns, separated by commas)"),
                                    validators=[Length(max=2000)])
    sensitive = StringField(_l("Sensitive attribute (optional column)"),
                            validators=[Length(max=200)])
    stage = RadioField(_l("Which data is this sample?"), default="protected", choices=[
        SelectChoice("protected", _l(
            "The data as used, shared or released, after the declared protections "
            "(pseudonymisation, generalisation…): the measured level holds whatever is "
            "declared")),
        SelectChoice("raw", _l(
            "An extract of the source data, before the declared protections: they may "
            "lower the measured level")),
    ], validators=[DataRequired()])


class FairnessForm(FlaskForm):
    sample = FileField(_l("CSV of decisions"), validators=[FileRequired()])
    group = StringField(_l("Group column"), validators=[DataRequired(), Length(max=200)])
    decision = StringField(_l("Decision column"), validators=[DataRequired(), Length(max=200)])
    label = StringField(_l("True outcome column (optional)"), validators=[Length(max=200)])
    positive = StringField(_l("Positive value (optional: 1, yes, oui… are recognised)"),
                           validators=[Length(max=200)])
