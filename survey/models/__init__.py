"""The stored data, split by area. Import models from here: ``from survey.models import Collection``."""

from survey.models.audit import AuditEntry
from survey.models.briefs import BriefDescription, BriefLink
from survey.models.collections import Collection, CollectionStatus, Wave
from survey.models.instruments import UploadedInstrument
from survey.models.people import PasswordLink, Role, User, project_members
from survey.models.register import Organisation, Project, ProjectKind, ProjectOrganisation, ProjectPartner
from survey.models.responses import Draft, Response
from survey.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditEntry",
    "BriefDescription",
    "BriefLink",
    "Collection",
    "CollectionStatus",
    "Draft",
    "Organisation",
    "PasswordLink",
    "Project",
    "ProjectKind",
    "ProjectOrganisation",
    "ProjectPartner",
    "Response",
    "Role",
    "UploadedInstrument",
    "User",
    "Wave",
    "project_members",
]
