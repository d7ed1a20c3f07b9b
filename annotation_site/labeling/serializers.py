from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotation_site.labeling.emotions import EMOTIONS, emotion_index

MAX_ID = 2**63 - 1  # a larger id would crash the query (SQLite) instead of being a 400


class TaskSerializer(serializers.Serializer):
    image = serializers.IntegerField(source="image_id")
    image_url = serializers.CharField()
    expires_at = serializers.DateTimeField()


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "enum": list(EMOTIONS)},
            {"type": "integer", "minimum": 1, "maximum": len(EMOTIONS)},
        ],
        "description": "class name, or its RAF-DB number 1-7; responses always give the name",
    }
)
class LabelField(serializers.Field):
    """A class name ("happiness") or its RAF-DB number 1..7; stored as the number."""

    def to_internal_value(self, data):
        try:
            return emotion_index(data)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def to_representation(self, value):
        return EMOTIONS[value - 1]


class VoteInputSerializer(serializers.Serializer):
    image = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    label = LabelField()
    time_taken_ms = serializers.IntegerField(min_value=0, max_value=24 * 3600 * 1000, required=False)


class VoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    image = serializers.IntegerField(source="image_id")
    label = LabelField()
    created_at = serializers.DateTimeField()


class SkipInputSerializer(serializers.Serializer):
    image = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    labels_today = serializers.IntegerField()
    labels_total = serializers.IntegerField()
