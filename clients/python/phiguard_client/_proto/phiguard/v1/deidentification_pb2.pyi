from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DetectedEntity(_message.Message):
    __slots__ = ("entity_type", "text", "start", "end", "confidence")
    ENTITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    entity_type: str
    text: str
    start: int
    end: int
    confidence: float
    def __init__(self, entity_type: _Optional[str] = ..., text: _Optional[str] = ..., start: _Optional[int] = ..., end: _Optional[int] = ..., confidence: _Optional[float] = ...) -> None: ...

class DetectTextRequest(_message.Message):
    __slots__ = ("text", "entity_types", "confidence_threshold", "profile")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    text: str
    entity_types: _containers.RepeatedScalarFieldContainer[str]
    confidence_threshold: float
    profile: str
    def __init__(self, text: _Optional[str] = ..., entity_types: _Optional[_Iterable[str]] = ..., confidence_threshold: _Optional[float] = ..., profile: _Optional[str] = ...) -> None: ...

class DetectTextResponse(_message.Message):
    __slots__ = ("entities", "entity_count", "text_length")
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    ENTITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    TEXT_LENGTH_FIELD_NUMBER: _ClassVar[int]
    entities: _containers.RepeatedCompositeFieldContainer[DetectedEntity]
    entity_count: int
    text_length: int
    def __init__(self, entities: _Optional[_Iterable[_Union[DetectedEntity, _Mapping]]] = ..., entity_count: _Optional[int] = ..., text_length: _Optional[int] = ...) -> None: ...

class DeidentifyTextRequest(_message.Message):
    __slots__ = ("text", "strategy", "entity_types", "confidence_threshold", "include_text", "profile")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_TEXT_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    text: str
    strategy: str
    entity_types: _containers.RepeatedScalarFieldContainer[str]
    confidence_threshold: float
    include_text: bool
    profile: str
    def __init__(self, text: _Optional[str] = ..., strategy: _Optional[str] = ..., entity_types: _Optional[_Iterable[str]] = ..., confidence_threshold: _Optional[float] = ..., include_text: _Optional[bool] = ..., profile: _Optional[str] = ...) -> None: ...

class RedactTextRequest(_message.Message):
    __slots__ = ("text", "entity_types", "confidence_threshold", "include_text", "profile")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_TEXT_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    text: str
    entity_types: _containers.RepeatedScalarFieldContainer[str]
    confidence_threshold: float
    include_text: bool
    profile: str
    def __init__(self, text: _Optional[str] = ..., entity_types: _Optional[_Iterable[str]] = ..., confidence_threshold: _Optional[float] = ..., include_text: _Optional[bool] = ..., profile: _Optional[str] = ...) -> None: ...

class DeidentifyTextResponse(_message.Message):
    __slots__ = ("deidentified_text", "entities_found", "replacements_made", "entity_count")
    class ReplacementsMadeEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    DEIDENTIFIED_TEXT_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FOUND_FIELD_NUMBER: _ClassVar[int]
    REPLACEMENTS_MADE_FIELD_NUMBER: _ClassVar[int]
    ENTITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    deidentified_text: str
    entities_found: _containers.RepeatedCompositeFieldContainer[DetectedEntity]
    replacements_made: _containers.ScalarMap[str, str]
    entity_count: int
    def __init__(self, deidentified_text: _Optional[str] = ..., entities_found: _Optional[_Iterable[_Union[DetectedEntity, _Mapping]]] = ..., replacements_made: _Optional[_Mapping[str, str]] = ..., entity_count: _Optional[int] = ...) -> None: ...

class BatchRequest(_message.Message):
    __slots__ = ("texts", "strategy", "entity_types", "confidence_threshold", "include_text", "profile")
    TEXTS_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_TEXT_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    texts: _containers.RepeatedScalarFieldContainer[str]
    strategy: str
    entity_types: _containers.RepeatedScalarFieldContainer[str]
    confidence_threshold: float
    include_text: bool
    profile: str
    def __init__(self, texts: _Optional[_Iterable[str]] = ..., strategy: _Optional[str] = ..., entity_types: _Optional[_Iterable[str]] = ..., confidence_threshold: _Optional[float] = ..., include_text: _Optional[bool] = ..., profile: _Optional[str] = ...) -> None: ...

class BatchResult(_message.Message):
    __slots__ = ("original_text", "deidentified_text", "entity_count")
    ORIGINAL_TEXT_FIELD_NUMBER: _ClassVar[int]
    DEIDENTIFIED_TEXT_FIELD_NUMBER: _ClassVar[int]
    ENTITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    original_text: str
    deidentified_text: str
    entity_count: int
    def __init__(self, original_text: _Optional[str] = ..., deidentified_text: _Optional[str] = ..., entity_count: _Optional[int] = ...) -> None: ...

class BatchResponse(_message.Message):
    __slots__ = ("results", "total_entities", "documents_processed")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_ENTITIES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_PROCESSED_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BatchResult]
    total_entities: int
    documents_processed: int
    def __init__(self, results: _Optional[_Iterable[_Union[BatchResult, _Mapping]]] = ..., total_entities: _Optional[int] = ..., documents_processed: _Optional[int] = ...) -> None: ...

class StreamOptions(_message.Message):
    __slots__ = ("strategy", "entity_types", "confidence_threshold", "include_text", "profile")
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_TEXT_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    strategy: str
    entity_types: _containers.RepeatedScalarFieldContainer[str]
    confidence_threshold: float
    include_text: bool
    profile: str
    def __init__(self, strategy: _Optional[str] = ..., entity_types: _Optional[_Iterable[str]] = ..., confidence_threshold: _Optional[float] = ..., include_text: _Optional[bool] = ..., profile: _Optional[str] = ...) -> None: ...

class DeidentifyStreamRequest(_message.Message):
    __slots__ = ("options", "id", "text")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    options: StreamOptions
    id: str
    text: str
    def __init__(self, options: _Optional[_Union[StreamOptions, _Mapping]] = ..., id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class DeidentifyStreamResponse(_message.Message):
    __slots__ = ("id", "index", "deidentified_text", "entities_found", "replacements_made", "entity_count")
    class ReplacementsMadeEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    INDEX_FIELD_NUMBER: _ClassVar[int]
    DEIDENTIFIED_TEXT_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FOUND_FIELD_NUMBER: _ClassVar[int]
    REPLACEMENTS_MADE_FIELD_NUMBER: _ClassVar[int]
    ENTITY_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    index: int
    deidentified_text: str
    entities_found: _containers.RepeatedCompositeFieldContainer[DetectedEntity]
    replacements_made: _containers.ScalarMap[str, str]
    entity_count: int
    def __init__(self, id: _Optional[str] = ..., index: _Optional[int] = ..., deidentified_text: _Optional[str] = ..., entities_found: _Optional[_Iterable[_Union[DetectedEntity, _Mapping]]] = ..., replacements_made: _Optional[_Mapping[str, str]] = ..., entity_count: _Optional[int] = ...) -> None: ...
