from django import forms

from . import kinds


class SettingsForm(forms.Form):
    """One radio group per kind of email offered (`offered`, from the registry)."""

    def __init__(self, *args, offered: list[kinds.Kind], initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in offered:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.hint,
                choices=kinds.DELIVERIES,
                initial=initial_choices.get(kind.key, kind.default),
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose at once, daily digest or off for “{kind.label}”.",
                    "invalid_choice": f"Choose at once, daily digest or off for “{kind.label}”.",
                },
            )

    def groups(self):
        """Each kind's bound field, for the template's fieldsets."""
        return [self[name] for name in self.fields]
