"""Rule recognizers and the default set an engine runs."""

from __future__ import annotations

from phiguard.inference.engine.recognizers.base import Pattern, PatternRecognizer, Recognizer
from phiguard.inference.engine.recognizers.dates import AgeRecognizer, DateRecognizer
from phiguard.inference.engine.recognizers.identifiers import (
    IpRecognizer,
    PhoneRecognizer,
    checksum_id_recognizer,
    email_recognizer,
    photo_file_recognizer,
    record_id_recognizer,
    ssn_recognizer,
    unlabelled_id_recognizer,
    url_recognizer,
)
from phiguard.inference.engine.recognizers.locations import LocationRecognizer
from phiguard.inference.engine.recognizers.names import NameRuleRecognizer
from phiguard.inference.engine.recognizers.organizations import OrganizationRecognizer
from phiguard.inference.engine.recognizers.registry import RecognizerRegistry


def default_recognizers() -> list[Recognizer]:
    """Every shipped recognizer; names are what `disabled_recognizers` refers to."""
    return [
        ssn_recognizer(),
        PhoneRecognizer(),
        email_recognizer(),
        url_recognizer(),
        IpRecognizer(),
        record_id_recognizer(),
        checksum_id_recognizer(),
        photo_file_recognizer(),
        unlabelled_id_recognizer(),
        DateRecognizer(),
        AgeRecognizer(),
        LocationRecognizer(),
        OrganizationRecognizer(),
        NameRuleRecognizer(),
    ]


__all__ = ["Pattern", "PatternRecognizer", "Recognizer", "RecognizerRegistry", "default_recognizers"]
