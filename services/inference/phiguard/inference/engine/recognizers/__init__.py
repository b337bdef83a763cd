"""Rule recognizers and the default set an engine runs."""

from __future__ import annotations

from phiguard.inference.engine.recognizers.ages import AgeRecognizer
from phiguard.inference.engine.recognizers.base import Recognizer, Rule, RuleRecognizer
from phiguard.inference.engine.recognizers.dates import date_recognizer
from phiguard.inference.engine.recognizers.identifiers import (
    checksum_id_recognizer,
    email_recognizer,
    ip_recognizer,
    phone_recognizer,
    photo_file_recognizer,
    record_id_recognizer,
    ssn_recognizer,
    unlabelled_id_recognizer,
    url_recognizer,
)
from phiguard.inference.engine.recognizers.locations import location_recognizer
from phiguard.inference.engine.recognizers.names import NameRuleRecognizer
from phiguard.inference.engine.recognizers.organizations import organization_recognizer
from phiguard.inference.engine.recognizers.registry import RecognizerRegistry


def default_recognizers() -> list[Recognizer]:
    """Every shipped recognizer, in the order they run; `disabled_recognizers` names a recognizer ("phone")
    or one rule of one ("phone:us")."""
    return [
        ssn_recognizer(),
        phone_recognizer(),
        email_recognizer(),
        url_recognizer(),
        ip_recognizer(),
        record_id_recognizer(),
        checksum_id_recognizer(),
        photo_file_recognizer(),
        unlabelled_id_recognizer(),
        date_recognizer(),
        AgeRecognizer(),
        location_recognizer(),
        organization_recognizer(),
        NameRuleRecognizer(),
    ]


__all__ = ["Recognizer", "RecognizerRegistry", "Rule", "RuleRecognizer", "default_recognizers"]
