"""What is wrong with one field of a form: the one shape every form uses (answers, the register, users).

A page lists its errors in an error summary at the top, each a link to its field (WCAG 3.3.1), and repeats the
message beside the field.

>>> error = FieldError("email", "Enter an email address.", anchor="f-email")
>>> error.field_id
'f-email'
>>> FieldError("code", "Give the project a code.").field_id
'code'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One field's problem.

    Attributes
    ----------
    field : str
        The field's name: an item code for answers, a form field's name (``"code"``, ``"implementer-2-county"``).
    message : str
        For people, already in the page's language.
    anchor : str
        The HTML id the error summary links to, when it is not the field's name.
    """

    field: str
    message: str
    anchor: str = ""

    @property
    def field_id(self) -> str:
        return self.anchor or self.field
