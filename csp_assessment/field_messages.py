"""Plain words for what a form field says is wrong, in place of Django's own ("This field
is required.", "Enter a valid date.", "Ensure this value has at most 200 characters").
A message the form or its field chose is kept; only Django's wording is replaced.
Every CrispyForm has them; a form drawn another way puts PlainMessages first."""

from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

CHOOSE_LISTED = "Choose one of the options listed."

# Django's message key -> ours, by the kind of field it is on. Keys a kind lacks keep
# Django's wording: they are rare and none of our forms meets them. A key the field
# lacks is added: its validator's own message would be shown (an email's, a decimal's).
EMAIL = {
    "invalid": "Enter an email address in the correct format, like name@example.com.",
}
DATE = {"invalid": "Enter a real date, like 23/11/2026."}
WHOLE_NUMBER = {"invalid": "Enter a whole number, like 12."}
NUMBER = {
    "invalid": "Enter a number, like 12 or 4.5.",
    "max_digits": "Enter a number with no more than %(max)s digits.",
    "max_decimal_places": "Enter a number with no more than %(max)s decimal places.",
    "max_whole_digits": "Enter a number with no more than %(max)s digits before the decimal point.",
}
URL = {"invalid": "Enter a full web address, starting https://"}
CHOICE = {
    "invalid_choice": CHOOSE_LISTED,
    "invalid_list": CHOOSE_LISTED,
    "invalid_pk_value": CHOOSE_LISTED,
}
FILE = {
    "invalid": "Choose a file.",
    "missing": "Choose a file.",
    "empty": "The file you chose is empty.",
}

# A validator Django words -> how we word it. Numbers in the message are written with
# thousands separators: "It has 20,001."
VALIDATORS = {
    validators.MaxLengthValidator: "Keep this to %(limit_value)s characters or fewer. "
    "It has %(show_value)s.",
    validators.MinLengthValidator: "Enter at least %(limit_value)s characters. "
    "It has %(show_value)s.",
    validators.MinValueValidator: "Enter a number of at least %(limit_value)s.",
    validators.MaxValueValidator: "Enter a number no more than %(limit_value)s.",
}

# A label that is a question, or starts with one of these, or ends on one of the
# others, or runs long, is an instruction or a phrase of its own: "Enter due on",
# "Enter we did" and "Choose how it was sent" read badly, so the message quotes it.
QUESTION_WORDS = {"how", "what", "which", "when", "where", "who", "why", "whether"}
VERBS = {"add", "adopt", "erase", "flag", "go", "hide", "include", "keep", "leave"}
PRONOUNS = {"i", "we", "you"}
ENDINGS = {"above", "after", "before", "below", "by", "for", "from", "in", "of", "on", "to"}
LONGEST_LABEL = 4  # words
NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


class PlainMessages:
    """Put before `forms.Form` (or Django's own form class): its fields are worded
    plainly. They are worded as the form is cleaned, not as it is made: a form's own
    __init__ runs after this class's and may still add fields or name them."""

    def full_clean(self):
        word_errors(self.fields)
        super().full_clean()


def word_errors(fields: dict[str, forms.Field]) -> None:
    """Word each of `fields` (a form's own copies, by name) plainly where it still has
    Django's message. Running it again changes nothing."""
    for name, field in fields.items():
        label = str(field.label) if field.label is not None else pretty_name(name)
        django_wording = _django_messages(type(field))
        ours = {"required": _required(field, label), **_messages_for(field)}
        for key, message in ours.items():
            if field.error_messages.get(key, django_wording.get(key)) is django_wording.get(key):
                field.error_messages[key] = message
        field.validators = [_worded(validator, field) for validator in field.validators]


def _django_messages(field_class: type) -> dict:
    """The messages Django gives a field of this class, gathered as Field.__init__ does
    but from Django's own classes only: a subclass of ours that words one keeps it."""
    messages = {}
    for cls in reversed(field_class.__mro__):
        if cls.__module__.startswith("django."):
            messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _messages_for(field: forms.Field) -> dict:
    # The most particular class first: Django's DecimalField is an IntegerField.
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return NUMBER
    if isinstance(field, forms.IntegerField):
        return WHOLE_NUMBER
    if isinstance(field, forms.DateField):
        return DATE
    if isinstance(field, forms.URLField):
        return URL
    if isinstance(field, forms.EmailField):
        return EMAIL
    if isinstance(field, forms.FileField):
        return FILE
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return CHOICE
    return {}


def _required(field: forms.Field, label: str) -> str:
    """What an empty required field says: "Enter <label>" or "Choose <label>", or where
    the label would read badly there, a message that quotes it."""
    if isinstance(field, forms.BooleanField):
        return f"Tick “{label}”."
    if label.endswith("?"):
        return f"Answer “{label}”"
    reads_well = _reads_as_a_name(label)
    if isinstance(field, forms.FileField):
        return f"Choose {_lower(label)}." if reads_well else "Choose a file."
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return f"Choose {_lower(label)}." if reads_well else f"Choose an option for “{label}”."
    if isinstance(field, forms.DateField):
        # "Enter due on" would not do; "Enter review date" does.
        reads_well = reads_well and "date" in label.lower()
        return f"Enter {_lower(label)}." if reads_well else f"Enter a date for “{label}”."
    if isinstance(field, NUMBER_FIELDS):
        return f"Enter {_lower(label)}." if reads_well else f"Enter a number for “{label}”."
    return f"Enter {_lower(label)}." if reads_well else f"Fill in “{label}”."


def _reads_as_a_name(label: str) -> bool:
    words = label.lower().split()
    return (
        0 < len(words) <= LONGEST_LABEL
        and words[0] not in QUESTION_WORDS | VERBS | PRONOUNS
        and words[-1] not in ENDINGS
    )


def _lower(label: str) -> str:
    """The label as it reads mid-sentence: "Due date" -> "due date", but "ONS code" and
    "KPI" keep their capitals."""
    first = label.split()[0]
    if first.isupper() and first not in {"A", "I"}:
        return label
    return label[0].lower() + label[1:]


class WordedValidator:
    """Checks as `validator` does, and says `message`: its numbers, what the value had
    and what the limit is, written with thousands separators."""

    def __init__(self, validator, message: str):
        self.validator, self.message = validator, message

    def __call__(self, value) -> None:
        try:
            self.validator(value)
        except ValidationError as error:
            params = {key: _separated(value) for key, value in (error.params or {}).items()}
            raise ValidationError(self.message, code=error.code, params=params) from None


def _worded(validator, field: forms.Field):
    """A validator of Django's, still with Django's message, worded as VALIDATORS says;
    any other (already worded, or given its own message) as it is. Only a number is
    worded as one: a date's limits say what they are themselves (crispy.bound_dates)."""
    message = VALIDATORS.get(type(validator))
    if message is None or "message" in vars(validator):
        return validator
    is_limit = isinstance(validator, validators.MinValueValidator | validators.MaxValueValidator)
    if is_limit and not isinstance(field, NUMBER_FIELDS):
        return validator
    return WordedValidator(validator, message)


def _separated(value):
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return f"{value:,}"
    return value
