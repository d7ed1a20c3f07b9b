from rest_framework import serializers

from annotation_site.labeling.emotions import EMOTIONS, emotion_index


class TaskSerializer(serializers.Serializer):
    image = serializers.IntegerField(source="image_id")
    image_url = serializers.CharField()
    expires_at = serializers.DateTimeField()


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
    image = serializers.IntegerField(min_value=1)
    label = LabelField()
    time_taken_ms = serializers.IntegerField(min_value=0, max_value=24 * 3600 * 1000, required=False)


class VoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    image = serializers.IntegerField(source="image_id")
    label = LabelField()
    created_at = serializers.DateTimeField()


class SkipInputSerializer(serializers.Serializer):
    image = serializers.IntegerField(min_value=1)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    labels_today = serializers.IntegerField()
    labels_total = serializers.IntegerField()
