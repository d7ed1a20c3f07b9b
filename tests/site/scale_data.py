"""Bulk test data in SQL: many images, annotators, votes, leases and skips (Postgres)."""
from django.db import connection


def populate(n_images: int, n_annotators: int) -> None:
    """Images spread over loads 0..40, annotators with 20 votes each, a live lease and a skip each.

    For query plans only: the counters (load, n_votes) are not kept consistent with the rows.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO labeling_image (file, sha256, width, height, size_bytes, source, attributes,
                                        label_target, load, n_votes, random_key, created_at)
            SELECT 'faces/x' || g || '.png', md5(g::text) || md5((g + 1)::text), 100, 100, 1000, '', '{}',
                   40, (g %% 41), (g %% 41), random(), now()
            FROM generate_series(1, %s) AS g
            """,
            [n_images],
        )
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                                       is_staff, is_active, date_joined, role)
            SELECT '!', false, 'bulk' || g, '', '', '', false, true, now(), 'annotator'
            FROM generate_series(1, %s) AS g
            """,
            [n_annotators],
        )
        # Each annotator has voted on 20 images of the least-loaded bucket (g % 41 = 0, load 0).
        cursor.execute(
            """
            INSERT INTO labeling_vote (image_id, annotator_id, label, created_at)
            SELECT base.id - 1 + 41 * (1 + (u.r * 20 + j) %% %s), u.id, 1 + j %% 7, now()
            FROM (SELECT min(id) AS id FROM labeling_image) base,
                 (SELECT id, row_number() OVER (ORDER BY id) AS r FROM accounts_user WHERE username LIKE 'bulk%%') u,
                 generate_series(0, 19) AS j
            """,
            [max(1, n_images // 41 - 1)],
        )
        # Live leases and skips of other annotators (each table holds one row per annotator).
        for table in ("labeling_lease", "labeling_skip"):
            extra = ", expires_at" if table == "labeling_lease" else ""
            cursor.execute(
                f"""
                INSERT INTO {table} (image_id, annotator_id, created_at{extra})
                SELECT (SELECT min(id) FROM labeling_image) + u.id * 3 + {int(table == 'labeling_skip')}, u.id, now()
                       {", now() + interval '10 minutes'" if extra else ""}
                FROM accounts_user u WHERE u.username LIKE 'bulk%%'
                """,
                [],
            )
        cursor.execute("ANALYZE")
