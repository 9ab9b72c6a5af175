from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metascrum.lib.forms import TextField, text_formfield
from programmes.access.backends import password_sign_in_allowed
from programmes.models import GroupRoleMapping, Programme, Team


class SignInForm(AuthenticationForm):
    password = TextField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and not password_sign_in_allowed(username):
            raise forms.ValidationError(
                _("Password sign-in is switched off here: sign in with your company's "
                  "identity provider."), code="password_off")
        return super().clean()


class CodeForm(forms.Form):
    code = TextField(label=gettext_lazy("Code"), max_length=64, strip=True,
                     help_text=gettext_lazy("The 6 digits your authenticator app shows, or one of "
                                     "your recovery codes."),
                     widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                   "inputmode": "text", "autofocus": True}))


class EnrolForm(forms.Form):
    code = TextField(label=gettext_lazy("Code from your app"), max_length=16, strip=True,
                     help_text=gettext_lazy(
                         "After adding metascrum to your app, type the 6 digits it shows."),
                     widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                   "inputmode": "numeric"}))


class RequireTwoFactorForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["require_two_factor"]
        labels = {"require_two_factor": gettext_lazy("Require two-factor authentication")}
        help_texts = {"require_two_factor": gettext_lazy(
            "Everyone in this programme who signs in with a password must turn on an "
            "authenticator app before opening its pages (you too). People who sign in through "
            "your identity provider are not asked: it checks them.")}


class GroupMappingForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = GroupRoleMapping
        fields = ["group", "role", "team"]
        labels = {"group": gettext_lazy("Group name in the identity provider")}
        help_texts = {
            "group": gettext_lazy("Exactly as the provider sends it in the groups claim, e.g. "
                           "payments-sm."),
            "team": gettext_lazy("For Scrum Master and Member only."),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["team"].queryset = Team.objects.filter(programme=programme)
        self.fields["team"].required = False

    def validate_unique(self):
        super().validate_unique()
        mapping = self.instance
        clash = GroupRoleMapping.objects.filter(
            programme=mapping.programme, group=mapping.group, role=mapping.role,
            team=mapping.team_id)
        if clash.exists():
            self.add_error(None, _("This group already gives that role."))
