from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from annotation_site.accounts.models import User


@admin.register(User)
class FacecrowdUserAdmin(UserAdmin):
    list_display = ("username", "role", "is_active", "date_joined", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = UserAdmin.fieldsets + (("facecrowd", {"fields": ("role",)}),)
