from django.forms.formsets import MAX_NUM_FORM_COUNT, MIN_NUM_FORM_COUNT
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from oscar.apps.basket import views

_MANAGEMENT_FIELDS = (MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT)


class ManagementFormCheckMixin:
    """Answers 400 to a line formset whose management form a basket page never sends: a field missing or not a
    number, or more forms than a formset may hold. Oscar copies MIN_NUM_FORMS and MAX_NUM_FORMS back from the
    POST when it drops deleted lines, and fails on a POST without them."""

    def post(self, request, *args, **kwargs):
        formset = self.construct_formset()
        management = formset.management_form
        complete = all(management.add_prefix(name) in formset.data for name in _MANAGEMENT_FIELDS)
        if (
            not complete
            or not management.is_valid()
            or management.cleaned_data["TOTAL_FORMS"] > formset.max_num
        ):
            return HttpResponseBadRequest(
                _("Le formulaire du panier est incomplet ou altéré : rechargez la page du panier."),
                content_type="text/plain; charset=utf-8",
            )
        return super().post(request, *args, **kwargs)


class BasketView(ManagementFormCheckMixin, views.BasketView):
    pass


class SavedView(ManagementFormCheckMixin, views.SavedView):
    pass
