"""The labeling loop's two hot statements, for PostgreSQL.

Each is one statement (data-modifying CTEs), so it runs as its own transaction in a single
round trip: at ~400 requests/s on two cores the ORM's per-query overhead and extra round trips
were the bottleneck. The ORM versions in assignment.py/services.py do the same on SQLite (the
embedded demo, where data-modifying CTEs do not exist) and are tested against the same rules.
"""

# Images below target that this annotator has not voted on, does not hold and did not skip.
_NOT_MINE = """
        NOT EXISTS (SELECT 1 FROM labeling_vote v WHERE v.annotator_id = %(annotator)s AND v.image_id = i.id)
    AND NOT EXISTS (SELECT 1 FROM labeling_lease l WHERE l.annotator_id = %(annotator)s AND l.image_id = i.id)
    AND NOT EXISTS (SELECT 1 FROM labeling_skip s WHERE s.annotator_id = %(annotator)s AND s.image_id = i.id)
"""

# candidate: the first eligible image in (load, random_key) order, i.e. the lowest load L and
# the wrap-around choice; in_bucket: the first eligible image of bucket L at or after a fresh
# random key. Both walk the partial index image_pick_idx in order and stop at the first row
# (L is a sub-select, i.e. a constant to the planner, so no sort is needed) and skip rows other
# annotators are claiming right now. The chosen image's load grows by one, its key is redrawn.
PICK_AND_LEASE = f"""
WITH candidate AS (
    SELECT i.id, i.load FROM labeling_image i
    WHERE i.load < i.label_target AND {_NOT_MINE}
    ORDER BY i.load, i.random_key LIMIT 1
    FOR UPDATE SKIP LOCKED
), in_bucket AS (
    SELECT i.id FROM labeling_image i
    WHERE i.load < i.label_target AND i.load = (SELECT load FROM candidate)
      AND i.random_key >= %(random_key)s AND {_NOT_MINE}
    ORDER BY i.load, i.random_key LIMIT 1
    FOR UPDATE SKIP LOCKED
), chosen AS (
    UPDATE labeling_image SET load = load + 1, random_key = random()
    WHERE id = COALESCE((SELECT id FROM in_bucket), (SELECT id FROM candidate))
    RETURNING id
)
INSERT INTO labeling_lease (image_id, annotator_id, created_at, expires_at)
SELECT id, %(annotator)s, %(now)s, %(expires_at)s FROM chosen
RETURNING id, image_id, expires_at
"""

# The live lease turns into the vote: lease row first, then the image row (the lock order the
# reclaimer uses too). The image's check constraints and `n_votes < label_target` refuse an
# over-target vote; the unique constraint a second vote. No row back means nothing was written.
CONSUME_LEASE_AND_VOTE = """
WITH consumed AS (
    DELETE FROM labeling_lease
    WHERE annotator_id = %(annotator)s AND image_id = %(image)s AND expires_at > %(now)s
    RETURNING image_id
), counted AS (
    UPDATE labeling_image i SET n_votes = i.n_votes + 1 FROM consumed c
    WHERE i.id = c.image_id AND i.n_votes < i.label_target
    RETURNING i.id
)
INSERT INTO labeling_vote (image_id, annotator_id, label, time_taken_ms, created_at)
SELECT id, %(annotator)s, %(label)s, %(time_taken_ms)s, %(now)s FROM counted
RETURNING id
"""

# The lease this annotator holds (if any) and whether any lease anywhere has expired, in one
# round trip: `next` needs both before it may pick.
HELD_LEASE_AND_EXPIRED = """
SELECT EXISTS (SELECT 1 FROM labeling_lease WHERE expires_at <= %(now)s), held.id, held.image_id, held.expires_at
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
    SELECT id, image_id, expires_at FROM labeling_lease
    WHERE annotator_id = %(annotator)s AND expires_at > %(now)s
    ORDER BY created_at DESC LIMIT 1
) AS held ON true
"""

RECLAIM_LOCK_KEY = 0x6661636563  # one lease reclaimer at a time (see leases_reclaim_expired)

EXPIRED_LEASES_EXIST = "SELECT EXISTS (SELECT 1 FROM labeling_lease WHERE expires_at <= %s)"

# Lease rows are taken with SKIP LOCKED so a vote consuming its lease right now is left alone.
RECLAIM_EXPIRED = """
WITH expired AS (
    DELETE FROM labeling_lease WHERE id IN (
        SELECT id FROM labeling_lease WHERE expires_at <= %(now)s
        ORDER BY expires_at LIMIT %(batch)s FOR UPDATE SKIP LOCKED)
    RETURNING image_id
), per_image AS (SELECT image_id, count(*) AS n FROM expired GROUP BY image_id)
UPDATE labeling_image SET load = load - per_image.n
FROM per_image WHERE labeling_image.id = per_image.image_id
RETURNING per_image.n
"""
